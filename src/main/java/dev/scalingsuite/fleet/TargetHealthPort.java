package dev.scalingsuite.fleet;

import java.util.Map;

/** The load balancer's view: each target's health state by its IP, and the target group's settings. */
public interface TargetHealthPort {

    Map<String, String> healthByIp();

    TargetGroupSettings settings();

    /** Where the targets are read, for messages: e.g. {@code target group arn:...}. */
    String where();
}
