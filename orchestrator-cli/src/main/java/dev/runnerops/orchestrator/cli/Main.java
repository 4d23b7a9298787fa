package dev.runnerops.orchestrator.cli;

import picocli.CommandLine;

/** {@code java -jar orchestrator.jar ...}: the only place that exits the JVM. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs one command line and returns its exit code: 0 success, 1 failure, 2 usage error. */
    public static int run(String... args) {
        return OrchestratorCommand.commandLine(EngineWarmup.startIfNeeded(args), args).execute(args);
    }
}
