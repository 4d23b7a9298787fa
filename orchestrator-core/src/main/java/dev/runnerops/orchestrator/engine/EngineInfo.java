package dev.runnerops.orchestrator.engine;

/**
 * Facts about the engine that change what the orchestrator does, warns about, or reports.
 *
 * @param architecture as the engine names it: x86_64, aarch64, ...
 * @param rootDir      the engine's data folder on its host (/var/lib/docker): where its local volumes live
 */
public record EngineInfo(String version, String apiVersion, String os, String architecture, long memTotalBytes,
                         String rootDir) {}
