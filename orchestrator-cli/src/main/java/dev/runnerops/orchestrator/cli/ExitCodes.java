package dev.runnerops.orchestrator.cli;

import dev.runnerops.orchestrator.errors.ConfigurationException;
import dev.runnerops.orchestrator.errors.EngineUnavailableException;
import dev.runnerops.orchestrator.errors.ProjectBusyException;

/** The exit codes of orchestrator.jar, one per kind of failure; the README lists them. */
final class ExitCodes {
    static final int OK = 0;
    /** An operation failed: a step, GitLab, the engine refused something. */
    static final int FAILED = 1;
    /** The command line is wrong (picocli's own code for usage errors). */
    static final int USAGE = 2;
    /** The configuration is wrong: a setting, its value, or settings that contradict each other. */
    static final int CONFIGURATION = 3;
    /** No Docker engine answers. */
    static final int ENGINE_UNREACHABLE = 4;
    /** Another operation on the project held its lock for longer than project.lock_timeout. */
    static final int BUSY = 5;

    private ExitCodes() {}

    static int of(Exception e) {
        if (e instanceof ConfigurationException) {
            return CONFIGURATION;
        }
        if (e instanceof EngineUnavailableException) {
            return ENGINE_UNREACHABLE;
        }
        if (e instanceof ProjectBusyException) {
            return BUSY;
        }
        return FAILED;
    }

    static final String FOOTER = "Exit codes: 0 success, 1 operation failed, 2 usage error, 3 configuration error, "
            + "4 Docker engine unreachable, 5 project busy (another operation held its lock too long).";
}
