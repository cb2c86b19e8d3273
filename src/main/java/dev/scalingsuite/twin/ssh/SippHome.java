package dev.scalingsuite.twin.ssh;

import dev.scalingsuite.twin.stack.PcmuAudio;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Lays out a {@code sippHome} like the deployed load host's {@code /opt/sipp}:
 * {@code scenarios/uac.xml} and {@code scenarios/info.xml} (copied from the classpath, so the
 * scenarios the twin runs are the project's), {@code audio/calls_pcmu/*.pcmu} (generated), and
 * {@code runs/} for the suite's run directories.
 */
public final class SippHome {

    /** The scenarios copied from {@code src/main/resources/sipp/}. */
    public static final String[] SCENARIOS = {"uac.xml", "info.xml"};
    /** The audio files generated into {@code audio/calls_pcmu/}: name and seed. */
    static final String[] AUDIO = {"caller-speech.pcmu", "caller-question.pcmu"};

    private SippHome() {
    }

    public static void lay(Path home) throws IOException {
        Files.createDirectories(home.resolve("scenarios"));
        Files.createDirectories(home.resolve("audio/calls_pcmu"));
        Files.createDirectories(home.resolve("runs"));
        for (String scenario : SCENARIOS) {
            try (InputStream in = LoadHost.resource(scenario)) {
                Files.copy(in, home.resolve("scenarios").resolve(scenario), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        for (int i = 0; i < AUDIO.length; i++) {
            Path file = home.resolve("audio/calls_pcmu").resolve(AUDIO[i]);
            if (!Files.exists(file)) {
                Files.write(file, PcmuAudio.speechLike(4.0 + i, 20_261_123L + i));
            }
        }
    }
}
