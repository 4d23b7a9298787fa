package dev.runnerops.orchestrator.gitlab;

/** GitLab's HTTP port did not answer from this machine. */
public class GitLabUnreachableException extends GitLabException {
    public GitLabUnreachableException(String url, String message, Throwable cause) {
        super("reach GitLab", url, message, cause);
    }
}
