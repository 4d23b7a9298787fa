package dev.runnerops.orchestrator.gitlab;

import dev.runnerops.orchestrator.event.Outcome;
import dev.runnerops.orchestrator.event.StepId;
import dev.runnerops.orchestrator.event.StepKind;
import dev.runnerops.orchestrator.steps.Context;
import dev.runnerops.orchestrator.steps.Done;
import dev.runnerops.orchestrator.wait.ExecCheck;
import dev.runnerops.orchestrator.wait.Poller;
import dev.runnerops.orchestrator.wait.WaitAbortedException;
import dev.runnerops.orchestrator.wait.WaitTimeoutException;
import java.time.Duration;
import java.util.List;

/**
 * Waits until GitLab's readiness endpoint answers. GitLab answers /-/readiness only to its monitoring
 * allow-list (loopback by default), so the probe runs inside the container with GitLab's own curl, the one
 * its HEALTHCHECK uses. On timeout the containers stay up for inspection and the error quotes the last
 * log lines.
 */
public final class WaitForGitLabStep {
    public static final String CURL = "/opt/gitlab/embedded/bin/curl";
    private static final int LOG_LINES = 15;

    private final Context ctx;
    private final Poller poller;

    public WaitForGitLabStep(Context ctx, Duration interval) {
        this.ctx = ctx;
        this.poller = new Poller(interval);
    }

    public static List<String> probeCommand(int httpPort) {
        return List.of(CURL, "--fail", "--silent", "--show-error", "--max-time", "10",
                "http://127.0.0.1:" + httpPort + "/-/readiness");
    }

    public static StepId id() {
        return StepId.of(StepKind.GITLAB_READY);
    }

    public Done run(String container) {
        StepId step = id();
        Duration timeout = ctx.config().server().readyTimeout();
        return ctx.steps().run(step, () -> {
            ExecCheck check = new ExecCheck(ctx.engine(), container, probeCommand(ctx.config().server().httpPort()),
                    "GitLab's /-/readiness in " + container);
            try {
                Duration took = poller.await(step, check, timeout, ctx.steps().listener());
                return Done.of(Outcome.READY, "after " + took.toSeconds() + " s");
            } catch (WaitTimeoutException | WaitAbortedException e) {
                throw new GitLabException("wait for GitLab", container, e.getMessage() + " The containers are left running for inspection "
                        + "(`logs gitlab`); raise server.ready_timeout if a first boot needs longer. Last lines of "
                        + container + ":\n" + String.join("\n", lastLogLines(container)), e);
            }
        });
    }

    private List<String> lastLogLines(String container) {
        try {
            return ctx.engine().logs(container, LOG_LINES);
        } catch (RuntimeException e) {
            return List.of("(logs unavailable: " + e.getMessage() + ")");
        }
    }
}
