package dev.scalingsuite.faults;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The command line of a JVM of its own on this test's classpath: a standalone twin, a forked suite. */
final class ChildJvm {

    private ChildJvm() {
    }

    /** {@code java -Xmx<heap> -Djava.awt.headless=true -D<k>=<v>... -cp <this classpath> <main>}. */
    static List<String> command(String heap, Map<String, String> systemProperties, Class<?> main) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx" + heap);
        command.add("-Djava.awt.headless=true");
        systemProperties.forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(main.getName());
        return command;
    }
}
