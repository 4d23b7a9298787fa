package dev.runnerops.orchestrator.plan;

import dev.runnerops.orchestrator.plan.ContainerAction.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Compares desired containers with the observed ones and decides, per container, what to do. Pure. */
public final class Reconciler {
    private Reconciler() {}

    /**
     * @param localImageIds image reference to the id it has on the engine now (absent when not local): a tag
     *                      pulled again since the container was created means the container is recreated
     */
    public static List<ContainerAction> reconcile(List<ContainerSpec> desired, List<ObservedContainer> observed,
                                                  Map<String, String> localImageIds) {
        Map<Service, ObservedContainer> byService = observed.stream()
                .filter(o -> o.service() != null)
                .collect(Collectors.toMap(ObservedContainer::service, Function.identity(), (a, b) -> a));
        List<ContainerAction> actions = new ArrayList<>();
        for (ContainerSpec spec : desired) {
            ObservedContainer current = byService.get(spec.service());
            if (current == null) {
                actions.add(new ContainerAction(Kind.CREATE, spec, null, "missing"));
            } else if (!current.configHash().equals(spec.configHash()) || !current.name().equals(spec.name())) {
                actions.add(new ContainerAction(Kind.RECREATE, spec, current.id(), "configuration changed"));
            } else if (localImageIds.containsKey(spec.image())
                    && !localImageIds.get(spec.image()).equals(current.imageId())) {
                actions.add(new ContainerAction(Kind.RECREATE, spec, current.id(), "image changed"));
            } else if (!current.running()) {
                actions.add(new ContainerAction(Kind.START, spec, current.id(), "stopped"));
            } else {
                actions.add(new ContainerAction(Kind.KEEP, spec, current.id(), "up to date"));
            }
        }
        return List.copyOf(actions);
    }
}
