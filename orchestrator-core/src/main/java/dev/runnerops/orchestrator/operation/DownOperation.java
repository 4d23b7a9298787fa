package dev.runnerops.orchestrator.operation;

import dev.runnerops.orchestrator.api.DownResult;
import dev.runnerops.orchestrator.engine.ContainerInfo;
import dev.runnerops.orchestrator.plan.Labels;
import dev.runnerops.orchestrator.plan.Service;
import dev.runnerops.orchestrator.steps.Context;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;

/**
 * {@code down}: stops and removes the project's containers (found by label) and its network. Keeps
 * config.toml, mounts, helper binaries and GitLab's data. Running it twice is fine.
 */
public final class DownOperation {
    private static final Duration RUNNER_GRACE = Duration.ofSeconds(10);
    /** GitLab's PostgreSQL deserves a clean shutdown. */
    private static final Duration GITLAB_GRACE = Duration.ofSeconds(30);

    private final Context ctx;

    public DownOperation(Context ctx) {
        this.ctx = ctx;
    }

    public DownResult run() {
        ctx.engine().ping();
        List<ContainerInfo> containers = Observation.of(ctx).containers();
        List<String> removed = new ArrayList<>();
        try (Parallel parallel = new Parallel(Math.max(1, containers.size()))) {
            List<Future<String>> stops = new ArrayList<>();
            for (ContainerInfo c : containers) {
                stops.add(parallel.submit(() -> ctx.reporter().step("remove container " + c.name(), () -> {
                    Duration grace = Service.GITLAB.id().equals(c.label(Labels.SERVICE)) ? GITLAB_GRACE : RUNNER_GRACE;
                    if (c.running()) {
                        ctx.engine().stopContainer(c.id(), grace);
                    }
                    ctx.engine().removeContainer(c.id());
                    return c.name();
                }, name -> "removed")));
            }
            stops.forEach(f -> removed.add(Parallel.await(f)));
        }
        List<String> networks = new ArrayList<>();
        // By label: a network this project created, whatever network.name says now. External networks have none.
        for (var n : ctx.engine().networks(Labels.project(ctx.project()))) {
            ctx.reporter().step("remove network " + n.name(), () -> {
                ctx.engine().removeNetwork(n.name());
                return "removed";
            });
            networks.add(n.name());
        }
        return new DownResult(List.copyOf(removed), List.copyOf(networks));
    }
}
