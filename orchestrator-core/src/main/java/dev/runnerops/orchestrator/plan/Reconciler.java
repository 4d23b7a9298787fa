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

    public static List<ContainerAction> reconcile(List<ContainerSpec> desired, List<ObservedContainer> observed) {
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
            } else if (!current.running()) {
                actions.add(new ContainerAction(Kind.START, spec, current.id(), "stopped"));
            } else {
                actions.add(new ContainerAction(Kind.KEEP, spec, current.id(), "up to date"));
            }
        }
        return List.copyOf(actions);
    }
}
