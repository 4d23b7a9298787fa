package dev.runnerops.orchestrator.operation;

import dev.runnerops.orchestrator.engine.ContainerInfo;
import dev.runnerops.orchestrator.engine.NetworkInfo;
import dev.runnerops.orchestrator.event.Outcome;
import dev.runnerops.orchestrator.event.StepId;
import dev.runnerops.orchestrator.event.StepKind;
import dev.runnerops.orchestrator.model.DownResult;
import dev.runnerops.orchestrator.plan.Labels;
import dev.runnerops.orchestrator.plan.Service;
import dev.runnerops.orchestrator.steps.Context;
import dev.runnerops.orchestrator.steps.Done;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;

/**
 * {@code down}: stops and removes every container and network carrying the project's label (duplicates and
 * leftovers of killed runs included). Keeps config.toml, mounts, helper binaries and GitLab's data. Running it
 * twice is fine.
 */
public final class DownOperation {
    private final Context ctx;

    public DownOperation(Context ctx) {
        this.ctx = ctx;
    }

    public DownResult run() {
        ctx.engine().ping();
        List<ContainerInfo> containers = Observation.of(ctx).containers();
        // By label: networks this project created, whatever network.name says now. External networks have none.
        List<NetworkInfo> networks = ctx.engine().networks(Labels.project(ctx.project()));
        List<StepId> steps = new ArrayList<>();
        containers.forEach(c -> steps.add(StepId.of(StepKind.CONTAINER_REMOVAL, c.name())));
        networks.forEach(n -> steps.add(StepId.of(StepKind.NETWORK_REMOVAL, n.name())));
        ctx.steps().expect(steps);

        List<String> removed = new ArrayList<>();
        try (Parallel parallel = new Parallel(Math.max(1, containers.size()))) {
            List<Future<String>> stops = new ArrayList<>();
            for (ContainerInfo c : containers) {
                stops.add(parallel.submit(() -> ctx.steps().run(StepId.of(StepKind.CONTAINER_REMOVAL, c.name()), () -> {
                    if (c.running()) {
                        ctx.engine().stopContainer(c.id(), Service.stopGraceOf(c.label(Labels.SERVICE)));
                    }
                    ctx.engine().removeContainer(c.id());
                    return c.name();
                }, name -> Done.of(Outcome.REMOVED))));
            }
            stops.forEach(f -> removed.add(Parallel.await(f)));
        }
        List<String> removedNetworks = new ArrayList<>();
        for (NetworkInfo n : networks) {
            ctx.steps().run(StepId.of(StepKind.NETWORK_REMOVAL, n.name()), () -> {
                ctx.engine().removeNetwork(n.id());
                return Done.of(Outcome.REMOVED);
            });
            removedNetworks.add(n.name());
        }
        return new DownResult(List.copyOf(removed), List.copyOf(removedNetworks));
    }
}
