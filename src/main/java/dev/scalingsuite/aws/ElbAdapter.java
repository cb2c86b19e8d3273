package dev.scalingsuite.aws;

import dev.scalingsuite.fleet.TargetHealthPort;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthDescription;

/** {@link TargetHealthPort} over DescribeTargetHealth of the service's target group. */
public final class ElbAdapter implements TargetHealthPort {

    private final ElasticLoadBalancingV2Client elb;
    private final String targetGroupArn;

    public ElbAdapter(ElasticLoadBalancingV2Client elb, String targetGroup) {
        this.elb = elb;
        this.targetGroupArn = targetGroup.startsWith("arn:") ? targetGroup
                : elb.describeTargetGroups(b -> b.names(targetGroup)).targetGroups().get(0).targetGroupArn();
    }

    public String targetGroupArn() {
        return targetGroupArn;
    }

    @Override
    public Map<String, String> healthByIp() {
        Map<String, String> out = new HashMap<>();
        for (TargetHealthDescription d : elb.describeTargetHealth(b -> b.targetGroupArn(targetGroupArn))
                .targetHealthDescriptions()) {
            out.put(d.target().id(), d.targetHealth().stateAsString());
        }
        return out;
    }
}
