package dev.runnerops.orchestrator.engine;

import java.util.List;
import java.util.Map;

/**
 * One container as the engine reports it.
 *
 * @param imageId the id of the image the container was created from
 * @param state  Docker's state word: created, running, exited, ...
 * @param health healthy, unhealthy, starting, or empty when the image has no HEALTHCHECK
 */
public record ContainerInfo(String id, String name, String image, String imageId, Map<String, String> labels,
                            String state, String health, List<PublishedPort> ports) {
    public ContainerInfo {
        labels = Map.copyOf(labels);
        ports = List.copyOf(ports);
    }

    public boolean running() {
        return "running".equals(state);
    }

    public String label(String key) {
        return labels.getOrDefault(key, "");
    }
}
