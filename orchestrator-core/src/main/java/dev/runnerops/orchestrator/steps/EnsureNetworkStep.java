package dev.runnerops.orchestrator.steps;

import dev.runnerops.orchestrator.api.OrchestratorException;
import dev.runnerops.orchestrator.engine.NetworkInfo;
import dev.runnerops.orchestrator.plan.Labels;
import dev.runnerops.orchestrator.plan.NetworkSpec;
import java.util.Optional;

/**
 * Creates the project's network when missing. A network of that name that belongs to someone else is an
 * error, unless the configuration says it is external.
 */
public final class EnsureNetworkStep {
    private final Context ctx;

    public EnsureNetworkStep(Context ctx) {
        this.ctx = ctx;
    }

    /**
     * Checked before anything is created: an external network must exist, an existing one must be ours.
     * Returns what exists, for {@link #run}.
     */
    public Optional<NetworkInfo> check(NetworkSpec spec) {
        Optional<NetworkInfo> existing = ctx.engine().network(spec.name());
        if (spec.external()) {
            if (existing.isEmpty()) {
                throw new OrchestratorException(ctx.config().source() + ": network.name = \"" + spec.name()
                        + "\" is marked external, but no such network exists. Create it (docker network create "
                        + spec.name() + "), or set network.external = false to let the tool create it.");
            }
            return existing;
        }
        existing.ifPresent(n -> {
            String owner = n.labels().getOrDefault(Labels.PROJECT, "");
            if (!owner.equals(ctx.project())) {
                throw new OrchestratorException(ctx.config().source() + ": network.name = \"" + spec.name()
                        + "\" already exists and was not created by this project ("
                        + (owner.isEmpty() ? "it has no project label" : "it belongs to project " + owner) + "). "
                        + "Choose another network.name, or set network.external = true to join that network.");
            }
        });
        return existing;
    }

    /** @param existing what {@link #check} found */
    public String run(NetworkSpec spec, Optional<NetworkInfo> existing) {
        return ctx.reporter().step("network " + spec.name(), () -> {
            if (spec.external()) {
                return "external";
            }
            if (existing.isPresent()) {
                return "exists";
            }
            ctx.engine().createNetwork(spec);
            return "created";
        });
    }
}
