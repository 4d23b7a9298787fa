package dev.runnerops.orchestrator.runner;

import dev.runnerops.orchestrator.api.OrchestratorException;

/** gitlab-runner could not register (bad token, unreachable GitLab, ...); config.toml is as it was before. */
public class RegistrationException extends OrchestratorException {
    public RegistrationException(String message) {
        super(message);
    }
}
