package dev.runnerops.orchestrator.errors;

/** Another operation on the same project held its lock for longer than {@code project.lock_timeout}. */
public class ProjectBusyException extends OperationException {
    public ProjectBusyException(String lockFile, String message) {
        super("lock project", lockFile, message);
    }
}
