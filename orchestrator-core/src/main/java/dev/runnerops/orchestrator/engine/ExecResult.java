package dev.runnerops.orchestrator.engine;

/** Outcome of a command executed inside a container. */
public record ExecResult(int exitCode, String stdout, String stderr) {
    public boolean succeeded() {
        return exitCode == 0;
    }

    /** Both streams, stderr last: where gitlab-runner and most tools write their errors. */
    public String output() {
        if (stdout.isBlank()) {
            return stderr.strip();
        }
        return stderr.isBlank() ? stdout.strip() : stdout.strip() + "\n" + stderr.strip();
    }
}
