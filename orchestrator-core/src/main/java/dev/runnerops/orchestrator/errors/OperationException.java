package dev.runnerops.orchestrator.errors;

/**
 * An operation could not be completed: a resource is in the way, a step failed, a service did not answer.
 * {@link #action()} and {@link #resource()} say what was being done to what.
 */
public class OperationException extends OrchestratorException {
    private final String action;
    private final String resource;

    /**
     * @param action   what was being done, as a verb phrase: "register runner", "start container"
     * @param resource what it was done to: a container, image, file or URL
     */
    public OperationException(String action, String resource, String message, Throwable cause) {
        super(message, cause);
        this.action = action;
        this.resource = resource;
    }

    public OperationException(String action, String resource, String message) {
        this(action, resource, message, null);
    }

    public String action() {
        return action;
    }

    public String resource() {
        return resource;
    }
}
