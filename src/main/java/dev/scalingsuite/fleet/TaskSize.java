package dev.scalingsuite.fleet;

import java.util.Locale;

/**
 * What a task is billed for: the task-level {@code cpu} and {@code memory} of its task definition, as
 * DescribeTaskDefinition answers them (CPU units, 1024 to a vCPU; MiB, 1024 to a GB as Fargate prices it).
 *
 * @param taskDefinition the task definition they were read from (its ARN, with the revision)
 * @param cpuUnits the task's {@code cpu}: 256 is 0.25 vCPU
 * @param memoryMib the task's {@code memory}: 512 is 0.5 GB
 */
public record TaskSize(String taskDefinition, int cpuUnits, int memoryMib) {

    public TaskSize {
        if (cpuUnits <= 0 || memoryMib <= 0) {
            throw new IllegalArgumentException("a task's cpu and memory are positive, not " + cpuUnits + " and "
                    + memoryMib);
        }
    }

    /**
     * The size a task definition states; its {@code cpu} and {@code memory} as DescribeTaskDefinition gives them
     * (strings of whole numbers; absent when set only per container).
     *
     * @throws IllegalStateException naming the task definition and what it lacks, when either is absent or no
     *     whole number
     */
    public static TaskSize of(String taskDefinition, String cpu, String memory) {
        return new TaskSize(taskDefinition, whole(taskDefinition, "cpu", cpu), whole(taskDefinition, "memory", memory));
    }

    private static int whole(String taskDefinition, String field, String value) {
        if (value == null || !value.strip().matches("[1-9]\\d{0,8}")) {
            throw new IllegalStateException("the task definition " + taskDefinition + " states no task-level '" + field
                    + "' (" + (value == null ? "none" : "'" + value + "'") + "): Fargate's price needs both");
        }
        return Integer.parseInt(value.strip());
    }

    public double vcpu() {
        return cpuUnits / 1024.0;
    }

    public double memoryGb() {
        return memoryMib / 1024.0;
    }

    /** {@code 4 vCPU, 8 GB}; {@code 0.25 vCPU, 0.5 GB}. */
    public String show() {
        return number(vcpu()) + " vCPU, " + number(memoryGb()) + " GB";
    }

    static String number(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value)
                : String.format(Locale.ROOT, "%.4f", value).replaceAll("0+$", "");
    }
}
