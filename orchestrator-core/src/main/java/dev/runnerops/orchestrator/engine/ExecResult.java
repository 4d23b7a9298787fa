package dev.runnerops.orchestrator.engine;

import java.util.List;

/** Outcome of a command executed inside a container. */
public record ExecResult(int exitCode, String stdout, String stderr) {
    public boolean succeeded() {
        return exitCode == 0;
    }

    /** The last {@code n} non-blank lines of {@link #output()}, stripped: what to quote in a message. */
    public List<String> lastLines(int n) {
        List<String> lines = output().lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
        return lines.subList(Math.max(0, lines.size() - n), lines.size());
    }

    /** Both streams, stderr last: where gitlab-runner and most tools write their errors. */
    public String output() {
        if (stdout.isBlank()) {
            return stderr.strip();
        }
        return stderr.isBlank() ? stdout.strip() : stdout.strip() + "\n" + stderr.strip();
    }
}
