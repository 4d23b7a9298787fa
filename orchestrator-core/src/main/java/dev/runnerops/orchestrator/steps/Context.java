package dev.runnerops.orchestrator.steps;

import dev.runnerops.orchestrator.config.OrchestratorConfig;
import dev.runnerops.orchestrator.engine.DockerEngine;
import dev.runnerops.orchestrator.state.StateFiles;
import dev.runnerops.orchestrator.state.StateLayout;

/** What every step works with: the configuration, the engine, the state folder and the steps runner. */
public record Context(OrchestratorConfig config, DockerEngine engine, StateFiles state, StepsRunner steps) {
    public StateLayout layout() {
        return state.layout();
    }

    public String project() {
        return config.project().name();
    }
}
