package dev.scalingsuite.twin.api;

import java.util.EnumMap;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the AWS endpoint injected, per service and kind, next to how many requests each service got, so
 * a share can be read off: {@code injected("ecs", THROTTLING) / requests("ecs")}. Safe to read while
 * the endpoint serves.
 */
public final class ApiFaultCounts {

    private final Map<String, LongAdder> requests = new ConcurrentHashMap<>();
    private final Map<String, Map<ApiFault, LongAdder>> injected = new ConcurrentHashMap<>();

    void countRequest(String service) {
        requests.computeIfAbsent(service, s -> new LongAdder()).increment();
    }

    void countInjected(String service, ApiFault fault) {
        injected.computeIfAbsent(service, s -> {
            Map<ApiFault, LongAdder> byFault = new EnumMap<>(ApiFault.class);
            for (ApiFault f : ApiFault.values()) {
                byFault.put(f, new LongAdder());
            }
            return byFault;
        }).get(fault).increment();
    }

    /** The requests the endpoint routed to a service (every attempt of an SDK call counts). */
    public long requests(String service) {
        LongAdder count = requests.get(service);
        return count == null ? 0 : count.sum();
    }

    public long injected(String service, ApiFault fault) {
        Map<ApiFault, LongAdder> byFault = injected.get(service);
        return byFault == null ? 0 : byFault.get(fault).sum();
    }

    /** A fault over all services. */
    public long injected(ApiFault fault) {
        return injected.keySet().stream().mapToLong(service -> injected(service, fault)).sum();
    }

    /** One clause per service that got requests, e.g. {@code ecs: 251 requests, 48 throttling, 12 5xx}. */
    public String summary() {
        StringJoiner out = new StringJoiner("; ");
        new TreeMap<>(requests).forEach((service, count) -> {
            StringBuilder clause = new StringBuilder(service + ": " + count.sum() + " requests");
            for (ApiFault fault : ApiFault.values()) {
                long n = injected(service, fault);
                if (n > 0) {
                    clause.append(", ").append(n).append(' ').append(fault.label());
                }
            }
            out.add(clause);
        });
        return out.length() == 0 ? "no requests" : out.toString();
    }
}
