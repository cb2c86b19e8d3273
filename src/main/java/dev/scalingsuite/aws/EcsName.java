package dev.scalingsuite.aws;

/**
 * The name part of an ECS cluster or service given as a name or an ARN. The stack publishes its
 * cluster as an ARN ({@code /voice-agent/ecs/cluster-arn}); ECS's own calls take either, but
 * Application Auto Scaling's resource id ({@code service/<cluster>/<service>}), Container Insights'
 * {@code ClusterName}/{@code ServiceName} dimensions, ListTasks' {@code serviceName} and the run lock
 * want names.
 */
public final class EcsName {

    private EcsName() {
    }

    /**
     * @param nameOrArn {@code voice-agent-poc-cluster}, {@code arn:aws:ecs:<region>:<account>:cluster/<name>},
     *     {@code arn:aws:ecs:<region>:<account>:service/<cluster>/<name>} or the older
     *     {@code arn:aws:ecs:<region>:<account>:service/<name>}
     * @return the name: what follows the ARN's last {@code /}; a name as it is
     */
    public static String of(String nameOrArn) {
        return nameOrArn.startsWith("arn:") ? nameOrArn.substring(nameOrArn.lastIndexOf('/') + 1) : nameOrArn;
    }
}
