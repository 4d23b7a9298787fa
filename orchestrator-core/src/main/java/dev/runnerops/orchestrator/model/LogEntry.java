package dev.runnerops.orchestrator.model;

/** A line of a service's output, as {@code logs} prints it: "runner | ...". */
public record LogEntry(String service, boolean stderr, String text) {}
