package dev.runnerops.orchestrator.engine;

/** One line of a container's output. */
public record LogLine(String container, boolean stderr, String text) {}
