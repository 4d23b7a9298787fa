package dev.runnerops.orchestrator.plan;

/**
 * One step of converging a container, with the reason, as Compose plans them.
 *
 * @param existingId the container to replace or start; null when creating
 */
public record ContainerAction(Kind kind, ContainerSpec spec, String existingId, String cause) {

    public enum Kind {
        /** Running and matching its config hash: left untouched. */
        KEEP,
        /** Matching but stopped: started again. */
        START,
        /** Its config hash differs: removed and created anew. */
        RECREATE,
        CREATE
    }

    @Override
    public String toString() {
        return kind.name().toLowerCase() + " " + spec.name() + " (" + cause + ")";
    }
}
