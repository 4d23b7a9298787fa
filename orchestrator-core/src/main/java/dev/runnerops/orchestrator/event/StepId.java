package dev.runnerops.orchestrator.event;

import java.util.Objects;

/**
 * One step of an operation: its kind and the resource it works on, such as (CONTAINER, "gitlab-ecr-runner").
 *
 * @param resource a container, image, network, file or runner name; empty when the kind says it all
 */
public record StepId(StepKind kind, String resource) {
    public StepId {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(resource, "resource");
    }

    public static StepId of(StepKind kind, String resource) {
        return new StepId(kind, resource);
    }

    public static StepId of(StepKind kind) {
        return new StepId(kind, "");
    }

    @Override
    public String toString() {
        return resource.isEmpty() ? kind.words() : kind.words() + " " + resource;
    }
}
