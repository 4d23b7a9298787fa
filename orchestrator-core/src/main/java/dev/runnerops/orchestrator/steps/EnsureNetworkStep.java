package dev.runnerops.orchestrator.steps;

import dev.runnerops.orchestrator.errors.EngineException;
import dev.runnerops.orchestrator.errors.OperationException;
import dev.runnerops.orchestrator.event.Outcome;
import dev.runnerops.orchestrator.event.StepId;
import dev.runnerops.orchestrator.event.StepKind;
import dev.runnerops.orchestrator.engine.NetworkInfo;
import dev.runnerops.orchestrator.plan.Labels;
import dev.runnerops.orchestrator.plan.NetworkSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * Creates the project's network when missing. A network of that name that belongs to someone else is an error,
 * unless the configuration says it is external. Duplicates of the project's own network (left by a race of
 * older versions) are removed, keeping one.
 */
public final class EnsureNetworkStep {
    private final Context ctx;

    public EnsureNetworkStep(Context ctx) {
        this.ctx = ctx;
    }

    public static StepId id(NetworkSpec spec) {
        return StepId.of(StepKind.NETWORK, spec.name());
    }

    /**
     * Checked before anything is created: an external network must exist, an existing one must be ours.
     * Returns the networks of that name, for {@link #run}.
     */
    public List<NetworkInfo> check(NetworkSpec spec) {
        List<NetworkInfo> existing = ctx.engine().networksNamed(spec.name());
        if (spec.external()) {
            if (existing.isEmpty()) {
                throw new OperationException("join network", spec.name(), ctx.config().source() + ": network.name = \""
                        + spec.name() + "\" is marked external, but no such network exists. Create it (docker network "
                        + "create " + spec.name() + "), or set network.external = false to let the tool create it.");
            }
            return existing;
        }
        for (NetworkInfo n : existing) {
            String owner = n.labels().getOrDefault(Labels.PROJECT, "");
            if (!owner.equals(ctx.project())) {
                throw new OperationException("create network", spec.name(), ctx.config().source() + ": network.name = \""
                        + spec.name() + "\" already exists and was not created by this project ("
                        + (owner.isEmpty() ? "it has no project label" : "it belongs to project " + owner) + "). "
                        + "Choose another network.name, or set network.external = true to join that network.");
            }
        }
        return existing;
    }

    /** @param existing what {@link #check} found */
    public Done run(NetworkSpec spec, List<NetworkInfo> existing) {
        return ctx.steps().run(id(spec), () -> {
            if (spec.external()) {
                return Done.of(Outcome.EXTERNAL);
            }
            if (existing.isEmpty()) {
                ctx.engine().createNetwork(spec);
                return Done.of(Outcome.CREATED);
            }
            if (existing.size() > 1) {
                return Done.of(Outcome.EXISTS, removeDuplicates(spec, existing));
            }
            return Done.of(Outcome.EXISTS);
        });
    }

    /** Keeps one network of the name; one in use by a container cannot be removed and is the one kept. */
    private String removeDuplicates(NetworkSpec spec, List<NetworkInfo> existing) {
        List<NetworkInfo> remaining = new ArrayList<>(existing);
        for (NetworkInfo n : existing) {
            if (remaining.size() == 1) {
                break;
            }
            try {
                ctx.engine().removeNetwork(n.id());
                remaining.remove(n);
            } catch (EngineException inUse) {
                // containers are attached to it: keep this one
            }
        }
        if (remaining.size() > 1) {
            throw new OperationException("remove duplicate network", spec.name(), "There are " + remaining.size()
                    + " networks named " + spec.name() + " with containers attached to each. Run `down`, then `up`.");
        }
        return (existing.size() - 1) + " duplicate(s) removed";
    }
}
