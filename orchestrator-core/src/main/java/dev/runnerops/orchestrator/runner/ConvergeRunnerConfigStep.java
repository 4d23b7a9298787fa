package dev.runnerops.orchestrator.runner;

import dev.runnerops.orchestrator.event.Outcome;
import dev.runnerops.orchestrator.event.StepId;
import dev.runnerops.orchestrator.event.StepKind;
import dev.runnerops.orchestrator.plan.RunnerConfigSpec;
import dev.runnerops.orchestrator.steps.Context;
import dev.runnerops.orchestrator.steps.Done;
import java.util.List;
import java.util.Optional;

/**
 * Keeps the registered runner's entry in config.toml in line with the plan: DOCKER_AUTH_CONFIG, job volumes,
 * privileged, default image, job network, and the global {@code concurrent}. Only those keys are rewritten;
 * the runner re-reads the file by itself, so the container is neither recreated nor registered again.
 */
public final class ConvergeRunnerConfigStep {
    private final Context ctx;
    private final RunnerConfigAccess configToml;

    public ConvergeRunnerConfigStep(Context ctx) {
        this.ctx = ctx;
        this.configToml = new RunnerConfigAccess(ctx);
    }

    public static StepId id() {
        return StepId.of(StepKind.RUNNER_CONFIG);
    }

    /** "updated (environment, docker.volumes)", "unchanged", or "skipped" when the runner is not registered. */
    public Done run(String runnerContainer, RunnerConfigSpec spec) {
        return ctx.steps().run(id(), () -> {
            Optional<String> text = configToml.read(runnerContainer);
            if (text.isEmpty()) {
                return Done.of(Outcome.SKIPPED, "not registered");
            }
            RunnerConfigDocument document = RunnerConfigDocument.parse(text.get(), configToml.hostFile().toString());
            if (document.find(spec.runner().name(), spec.runner().url()).isEmpty()) {
                return Done.of(Outcome.SKIPPED, "not registered");
            }
            List<String> changed = document.apply(spec);
            if (changed.isEmpty()) {
                return Done.of(Outcome.UNCHANGED);
            }
            configToml.write(runnerContainer, document.text());
            return Done.of(Outcome.UPDATED, String.join(", ", changed));
        });
    }

    /** What {@link #run} would change, without changing it: for {@code status}. Empty when not registered. */
    public List<String> drift(String runnerContainer, RunnerConfigSpec spec) {
        return configToml.read(runnerContainer)
                .map(t -> RunnerConfigDocument.parse(t, configToml.hostFile().toString()).apply(spec))
                .orElse(List.of());
    }
}
