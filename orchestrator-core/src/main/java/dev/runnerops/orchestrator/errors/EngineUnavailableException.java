package dev.runnerops.orchestrator.errors;

/** No Docker Engine answers at the endpoint (DOCKER_HOST, a context, or the default socket). */
public class EngineUnavailableException extends EngineException {
    public EngineUnavailableException(String endpoint, String message, Throwable cause) {
        super("reach the Docker engine", endpoint, message, cause);
    }

    /** Where the engine was expected, such as {@code unix:///var/run/docker.sock}. */
    public String endpoint() {
        return resource();
    }
}
