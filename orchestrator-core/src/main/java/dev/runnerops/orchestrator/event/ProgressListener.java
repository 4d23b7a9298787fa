package dev.runnerops.orchestrator.event;

/** Receives {@link ProgressEvent}s. Called from several threads at once; implementations must be thread-safe. */
@FunctionalInterface
public interface ProgressListener {
    ProgressListener NONE = event -> { };

    void onEvent(ProgressEvent event);
}
