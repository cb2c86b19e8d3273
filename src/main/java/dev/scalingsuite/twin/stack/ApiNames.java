package dev.scalingsuite.twin.stack;

import java.util.List;

/**
 * The names of the AWS services the twin's endpoint answers: each service's endpoint prefix, as its
 * {@code ApiService#name()} gives it, in the order {@code TwinApis.all} builds them. The {@code apiDown}
 * setting, the standalone twin's {@code api-down} command and the fault counts name services by them.
 */
public final class ApiNames {

    public static final List<String> ALL =
            List.of("ecs", "application-autoscaling", "cloudwatch", "logs", "ssm", "elasticloadbalancing", "sts");

    private ApiNames() {
    }
}
