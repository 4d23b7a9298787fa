package dev.runnerops.orchestrator.plan;

import java.util.Map;

/**
 * The bridge network of a project.
 *
 * @param external the network belongs to someone else: it must exist, and is never created or removed
 */
public record NetworkSpec(String name, boolean external, Map<String, String> labels) {
    public NetworkSpec {
        labels = Map.copyOf(labels);
    }
}
