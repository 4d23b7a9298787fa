package dev.runnerops.orchestrator.plan;

/**
 * What the engine reported about one of the project's containers, reduced to what reconciling needs.
 *
 * @param imageId the image the container runs, to notice a re-pulled tag
 */
public record ObservedContainer(String id, String name, Service service, String configHash, String imageId,
                                boolean running) {}
