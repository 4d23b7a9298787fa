package dev.runnerops.orchestrator.engine;

/** Receives the running totals of an image pull. */
@FunctionalInterface
public interface PullProgress {
    /**
     * @param status the engine's latest status line ("Downloading", "Pull complete")
     * @param total  bytes of all layers seen so far; 0 when not known yet
     */
    void update(String status, long current, long total);
}
