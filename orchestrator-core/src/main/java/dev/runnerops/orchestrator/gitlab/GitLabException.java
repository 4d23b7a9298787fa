package dev.runnerops.orchestrator.gitlab;

import dev.runnerops.orchestrator.api.OrchestratorException;

/** The local GitLab did not become ready, or refused a step of the zero-touch runner set-up. */
public class GitLabException extends OrchestratorException {
    public GitLabException(String message) {
        super(message);
    }

    public GitLabException(String message, Throwable cause) {
        super(message, cause);
    }
}
