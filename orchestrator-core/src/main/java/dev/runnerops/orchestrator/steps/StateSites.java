package dev.runnerops.orchestrator.steps;

import dev.runnerops.orchestrator.config.OrchestratorConfig;
import dev.runnerops.orchestrator.config.OrchestratorConfig.StateLocation;
import dev.runnerops.orchestrator.engine.DockerEngine;
import dev.runnerops.orchestrator.plan.StateMounts;
import dev.runnerops.orchestrator.state.StateFiles;

/** Which {@link StateSite} an engine gets: {@code project.state}, and for "auto" whether it is reached locally. */
public final class StateSites {
    private StateSites() {}

    public static StateSite choose(OrchestratorConfig config, DockerEngine engine, StateFiles files) {
        StateLocation location = config.project().state();
        boolean host = location == StateLocation.HOST
                || (location == StateLocation.AUTO && engine.localSocket().isPresent());
        return host ? new HostStateSite(StateMounts.host(config,
                engine.localSocket().orElse(StateMounts.ENGINE_SOCKET)), files)
                : new EngineStateSite(config, engine);
    }
}
