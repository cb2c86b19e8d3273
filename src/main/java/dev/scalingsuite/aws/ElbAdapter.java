package dev.scalingsuite.aws;

import dev.scalingsuite.fleet.TargetGroupSettings;
import dev.scalingsuite.fleet.TargetHealthPort;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthDescription;

/** {@link TargetHealthPort} over DescribeTargetHealth of the service's target group. */
public final class ElbAdapter implements TargetHealthPort {

    private final ElasticLoadBalancingV2Client elb;
    private final Supplier<String> targetGroup;
    private volatile String targetGroupArn;

    /**
     * @param targetGroup the target group's ARN or name, asked for at the first read (resolved when first
     *     needed), so that building the adapter reads nothing
     */
    public ElbAdapter(ElasticLoadBalancingV2Client elb, Supplier<String> targetGroup) {
        this.elb = elb;
        this.targetGroup = targetGroup;
    }

    /** The target group's ARN; one given by name is looked up once (DescribeTargetGroups). */
    public String targetGroupArn() {
        String arn = targetGroupArn;
        if (arn == null) {
            String given = targetGroup.get();
            arn = given.startsWith("arn:") ? given
                    : elb.describeTargetGroups(b -> b.names(given)).targetGroups().get(0).targetGroupArn();
            targetGroupArn = arn;
        }
        return arn;
    }

    @Override
    public String where() {
        return "target group " + Names.resolved(this::targetGroupArn);
    }

    @Override
    public Map<String, String> healthByIp() {
        Map<String, String> out = new HashMap<>();
        for (TargetHealthDescription d : elb.describeTargetHealth(b -> b.targetGroupArn(targetGroupArn()))
                .targetHealthDescriptions()) {
            out.put(d.target().id(), d.targetHealth().stateAsString());
        }
        return out;
    }

    @Override
    public TargetGroupSettings settings() {
        var group = elb.describeTargetGroups(b -> b.targetGroupArns(targetGroupArn())).targetGroups().get(0);
        int delay = 300; // the ELB default when the attribute is absent
        for (var attribute : elb.describeTargetGroupAttributes(b -> b.targetGroupArn(targetGroupArn())).attributes()) {
            if ("deregistration_delay.timeout_seconds".equals(attribute.key())) {
                delay = Integer.parseInt(attribute.value());
            }
        }
        return new TargetGroupSettings(orDefault(group.healthCheckIntervalSeconds(), 30),
                orDefault(group.healthyThresholdCount(), 5), orDefault(group.unhealthyThresholdCount(), 2), delay);
    }

    private static int orDefault(Integer value, int fallback) {
        return value == null ? fallback : value;
    }
}
