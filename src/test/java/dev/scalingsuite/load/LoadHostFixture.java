package dev.scalingsuite.load;

import dev.scalingsuite.twin.ssh.LoadHost;
import java.nio.file.Path;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The twin's SSH load host with a {@link SippHost} connected to it, for a test class: the suite's
 * instances are stopped after each test, and no sipp (nor capture) started under the load host's sipp
 * home outlives the class, whatever the test did.
 */
final class LoadHostFixture implements BeforeAllCallback, AfterEachCallback, AfterAllCallback {

    private final Supplier<Path> workDir;
    private LoadHost loadHost;
    private SippHost sipp;

    /** @param workDir where the load host keeps its keys and sipp home (read when the class starts) */
    LoadHostFixture(Supplier<Path> workDir) {
        this.workDir = workDir;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        loadHost = LoadHost.start(workDir.get().resolve("load-host"), 0, LoadHost.osUser());
        sipp = SippHost.connect(access(loadHost));
    }

    static SshAccess access(LoadHost loadHost) {
        return new SshAccess(loadHost.host(), loadHost.port(), loadHost.user(), loadHost.privateKey(),
                loadHost.knownHosts(), loadHost.sippHome().toString());
    }

    LoadHost loadHost() {
        return loadHost;
    }

    SippHost sipp() {
        return sipp;
    }

    @Override
    public void afterEach(ExtensionContext context) {
        try {
            sipp.stopAll();
        } finally {
            killStragglers();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        try {
            if (sipp != null) {
                sipp.close();
            }
        } finally {
            killStragglers();
            if (loadHost != null) {
                loadHost.close();
            }
        }
    }

    /** The safety net: no sipp started under this class's sipp home outlives it. */
    private void killStragglers() {
        if (loadHost == null) {
            return;
        }
        for (ProcessHandle p : SippProcesses.under(loadHost.sippHome())) {
            p.destroyForcibly();
            System.err.println("test: had to kill sipp " + p.pid());
        }
        for (ProcessHandle p : SippProcesses.capturesUnder(loadHost.sippHome())) {
            p.destroyForcibly();
            System.err.println("test: had to kill the capture " + p.pid() + " " + p.info().command().orElse(""));
        }
    }
}
