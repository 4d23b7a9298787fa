package dev.runnerops.orchestrator.plan;

import java.util.Locale;

/**
 * One step of converging a container, with the reason, as Compose plans them.
 *
 * @param spec     the desired container; null for {@link Kind#REMOVE}
 * @param existing the container to keep, start, replace or remove; null for {@link Kind#CREATE}
 */
public record ContainerAction(Kind kind, ContainerSpec spec, ObservedContainer existing, String cause) {

    public enum Kind {
        /** Running and matching its config hash: left untouched. */
        KEEP,
        /** Matching but stopped: started again. */
        START,
        /** Its config hash or image differs: replaced by a new container. */
        RECREATE,
        /** Matching, but under another name (a run killed while replacing it): renamed, and started if stopped. */
        RENAME,
        CREATE,
        /** A second container of a service, or one of no known service: removed. */
        REMOVE
    }

    public String name() {
        return spec != null ? spec.name() : existing.name();
    }

    @Override
    public String toString() {
        return kind.name().toLowerCase(Locale.ROOT) + " " + name() + " (" + cause + ")";
    }
}
