package dev.runnerops.orchestrator.config;

/** What {@code up} provisions. */
public enum Mode {
    /** A runner registered with an existing GitLab ({@code [gitlab]} settings). */
    RUNNER_ONLY,
    /** A local GitLab server plus a runner registered with it, with no manual steps ({@code up --complete}). */
    COMPLETE
}
