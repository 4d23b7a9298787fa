package dev.runnerops.orchestrator.operation;

import dev.runnerops.orchestrator.engine.ContainerInfo;
import dev.runnerops.orchestrator.plan.Labels;
import dev.runnerops.orchestrator.plan.ObservedContainer;
import dev.runnerops.orchestrator.plan.Service;
import dev.runnerops.orchestrator.steps.Context;
import java.util.List;
import java.util.Optional;

/** The project's containers as the engine sees them, found by label (one list call). */
final class Observation {
    private final List<ContainerInfo> containers;

    private Observation(List<ContainerInfo> containers) {
        this.containers = containers;
    }

    static Observation of(Context ctx) {
        return new Observation(ctx.engine().containers(Labels.project(ctx.project())));
    }

    List<ContainerInfo> containers() {
        return containers;
    }

    List<ObservedContainer> reduced() {
        return containers.stream().map(c -> new ObservedContainer(c.id(), c.name(),
                Service.fromId(c.label(Labels.SERVICE)), c.label(Labels.CONFIG_HASH), c.imageId(), c.running()))
                .toList();
    }

    /** The service's container: the one with its canonical name if there are several. */
    Optional<ContainerInfo> service(Service service, String canonicalName) {
        List<ContainerInfo> candidates = containers.stream()
                .filter(c -> service.id().equals(c.label(Labels.SERVICE))).toList();
        return candidates.stream().filter(c -> c.name().equals(canonicalName)).findFirst()
                .or(() -> candidates.stream().findFirst());
    }
}
