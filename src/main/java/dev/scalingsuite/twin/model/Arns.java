package dev.scalingsuite.twin.model;

import dev.scalingsuite.twin.stack.TwinSettings;

/** The ARNs and names of the twin's resources, shaped like the deployed stack's. */
public final class Arns {

    private final String region;
    private final String account;
    private final String cluster;
    private final String service;
    private final String family;
    private final String logGroup;

    public Arns(TwinSettings settings) {
        this.family = settings.taskFamily();
        this.logGroup = settings.logGroup();
        this.region = settings.region();
        this.account = settings.account();
        this.cluster = settings.cluster();
        this.service = settings.service();
    }

    public String region() { return region; }
    public String account() { return account; }
    public String clusterName() { return cluster; }
    public String serviceName() { return service; }
    public String taskFamily() { return family; }

    private String arn(String service, String resource) {
        return "arn:aws:" + service + ":" + region + ":" + account + ":" + resource;
    }

    public String cluster() { return arn("ecs", "cluster/" + cluster); }
    public String service() { return arn("ecs", "service/" + cluster + "/" + service); }
    public String task(String id) { return arn("ecs", "task/" + cluster + "/" + id); }
    public String taskDefinition(int revision) { return arn("ecs", "task-definition/" + family + ":" + revision); }
    public String targetGroupName() { return service + "-sip"; }
    public String targetGroup() { return arn("elasticloadbalancing", "targetgroup/" + targetGroupName() + "/4f1e2d3c4b5a6978"); }
    public String loadBalancer() { return arn("elasticloadbalancing", "loadbalancer/net/" + service + "-nlb/9a8b7c6d5e4f3021"); }
    /** The internal NLB's DNS name, as ELB forms it: {@code internal-<name>-<id>.elb.<region>.amazonaws.com}. */
    public String loadBalancerDnsName() {
        return "internal-" + service + "-nlb-9a8b7c6d5e4f3021.elb." + region + ".amazonaws.com";
    }
    public String logGroup() { return logGroup; }
    public String logGroupArn() { return arn("logs", "log-group:" + logGroup()); }
    public String scalableResourceId() { return "service/" + cluster + "/" + service; }
    public String scalingPolicy(String name) {
        return arn("autoscaling", "scalingPolicy:6d1f0a52-1b8c-4a3e-9f31-5c2b7e0d4a11:resource/ecs/"
                + scalableResourceId() + ":policyName/" + name);
    }
    public String alarm(String name) { return arn("cloudwatch", "alarm:" + name); }
    public String role(String name) { return "arn:aws:iam::" + account + ":role/" + name; }
}
