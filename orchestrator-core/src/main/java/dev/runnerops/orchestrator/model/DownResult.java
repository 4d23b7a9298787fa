package dev.runnerops.orchestrator.model;

import java.util.List;

/** Containers and network that {@code down} removed; empty lists when there was nothing to remove. */
public record DownResult(List<String> removedContainers, List<String> removedNetworks) {}
