package dev.runnerops.orchestrator.plan;

/** What the engine reported about one of the project's containers, reduced to what reconciling needs. */
public record ObservedContainer(String id, String name, Service service, String configHash, boolean running) {}
