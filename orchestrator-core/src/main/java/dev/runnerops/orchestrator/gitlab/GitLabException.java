package dev.runnerops.orchestrator.gitlab;

import dev.runnerops.orchestrator.errors.OperationException;

/** The local GitLab did not become ready, or refused a step of the runner's life cycle. */
public class GitLabException extends OperationException {
    public GitLabException(String action, String resource, String message) {
        super(action, resource, message);
    }

    public GitLabException(String action, String resource, String message, Throwable cause) {
        super(action, resource, message, cause);
    }
}
