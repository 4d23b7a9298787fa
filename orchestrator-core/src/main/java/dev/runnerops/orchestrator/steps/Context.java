package dev.runnerops.orchestrator.steps;

import dev.runnerops.orchestrator.config.OrchestratorConfig;
import dev.runnerops.orchestrator.engine.DockerEngine;
import dev.runnerops.orchestrator.state.RunnerSystemId;
import dev.runnerops.orchestrator.state.StateFiles;
import dev.runnerops.orchestrator.state.StateLayout;

/**
 * What every step works with: the configuration, the engine, the state folder of this machine (bookkeeping,
 * secrets, the lock), where the files containers mount live ({@link StateSite}), and the steps runner.
 */
public record Context(OrchestratorConfig config, DockerEngine engine, StateFiles state, StepsRunner steps,
                      StateSite site) {

    /** This machine's state folder: bookkeeping, the tool's secrets, the lock. */
    public StateLayout layout() {
        return state.layout();
    }

    /** Where the files containers mount are, as the engine's host sees them. */
    public StateLayout mounted() {
        return site.mounts().layout();
    }

    /** This host's runner manager, as gitlab-runner keeps it beside config.toml; empty before there is one. */
    public String runnerSystemId() {
        return site.read(mounted().runnerSystemIdFile()).flatMap(RunnerSystemId::of).orElse("");
    }

    public String project() {
        return config.project().name();
    }
}
