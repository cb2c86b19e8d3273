package dev.scalingsuite.twin.netns;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The child twin's classpath: the files of the class loader that loaded the twin when a launcher gave it one of its
 * own (Maven's exec:java, for a series or a matrix), else this JVM's.
 */
class NetnsTwinClassPathTest {

    @Test
    void aLaunchersOwnClassLoaderGivesItsFiles(@TempDir Path dir) throws IOException {
        Path classes = dir.resolve("classes");
        Path jar = dir.resolve("lib").resolve("a b.jar");
        try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL(), jar.toUri().toURL()},
                null)) {
            assertThat(NetnsTwin.classPath(loader)).isEqualTo(classes + File.pathSeparator + jar);
        }
    }

    @Test
    void otherwiseThisJvmsClassPath() {
        assertThat(NetnsTwin.classPath(ClassLoader.getSystemClassLoader()))
                .isEqualTo(System.getProperty("java.class.path"));
    }
}
