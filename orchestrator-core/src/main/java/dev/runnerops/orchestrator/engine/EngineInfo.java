package dev.runnerops.orchestrator.engine;

/** Facts about the engine that change what the orchestrator does or warns about. */
public record EngineInfo(String serverVersion, long memTotalBytes) {}
