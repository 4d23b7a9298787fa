package dev.runnerops.orchestrator.plan;

import dev.runnerops.orchestrator.plan.ContainerAction.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Compares desired containers with the observed ones and decides, per container, what to do. Pure. */
public final class Reconciler {
    private Reconciler() {}

    /**
     * @param localImageIds image reference to the id it has on the engine now (absent when not local): a tag
     *                      pulled again since the container was created means the container is recreated
     * @return one action per desired container, in the desired order, then the removal of strays: further
     *         containers of a desired service (a run killed while replacing one) and containers of no known
     *         service. Containers of services not desired now (GitLab, when up runs without --complete) are
     *         left alone.
     */
    public static List<ContainerAction> reconcile(List<ContainerSpec> desired, List<ObservedContainer> observed,
                                                  Map<String, String> localImageIds) {
        List<ContainerAction> actions = new ArrayList<>();
        List<ContainerAction> removals = new ArrayList<>();
        for (ContainerSpec spec : desired) {
            List<ObservedContainer> candidates = observed.stream().filter(o -> o.service() == spec.service()).toList();
            ObservedContainer current = candidates.stream().filter(o -> o.name().equals(spec.name())).findFirst()
                    .orElse(candidates.isEmpty() ? null : candidates.get(0));
            actions.add(decide(spec, current, localImageIds));
            candidates.stream().filter(o -> o != current)
                    .forEach(o -> removals.add(new ContainerAction(Kind.REMOVE, null, o, "duplicate of " + spec.name())));
        }
        observed.stream().filter(o -> o.service() == null)
                .forEach(o -> removals.add(new ContainerAction(Kind.REMOVE, null, o, "no known service")));
        actions.addAll(removals);
        return List.copyOf(actions);
    }

    private static ContainerAction decide(ContainerSpec spec, ObservedContainer current, Map<String, String> imageIds) {
        if (current == null) {
            return new ContainerAction(Kind.CREATE, spec, null, "missing");
        }
        if (!current.configHash().equals(spec.configHash())) {
            return new ContainerAction(Kind.RECREATE, spec, current, "configuration changed");
        }
        if (imageIds.containsKey(spec.image()) && !imageIds.get(spec.image()).equals(current.imageId())) {
            return new ContainerAction(Kind.RECREATE, spec, current, "image changed");
        }
        if (!current.name().equals(spec.name())) {
            return new ContainerAction(Kind.RENAME, spec, current, "named " + current.name());
        }
        if (!current.running()) {
            return new ContainerAction(Kind.START, spec, current, "stopped");
        }
        return new ContainerAction(Kind.KEEP, spec, current, "up to date");
    }
}
