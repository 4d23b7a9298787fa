package dev.runnerops.orchestrator.doctor;

import dev.runnerops.orchestrator.model.DoctorReport.Check;
import dev.runnerops.orchestrator.plan.StackPlan;
import dev.runnerops.orchestrator.runner.RunnerConfigDocument;
import dev.runnerops.orchestrator.steps.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One run of {@code doctor}: what the checks share (the plan, the runner container if it runs, its config.toml
 * entry) and the checks made so far.
 *
 * @param runnerContainer the running runner container's name; empty when it does not run
 * @param jobs            what config.toml gives jobs; empty when the runner is not registered
 */
public record Diagnosis(Context ctx, StackPlan plan, Optional<String> runnerContainer,
                        Optional<RunnerConfigDocument.JobSettings> jobs, List<Check> checks) {

    public static Diagnosis of(Context ctx, StackPlan plan, Optional<String> runnerContainer,
                               Optional<RunnerConfigDocument.JobSettings> jobs) {
        return new Diagnosis(ctx, plan, runnerContainer, jobs, new ArrayList<>());
    }

    void add(Check check) {
        checks.add(check);
    }

    boolean failed(String area) {
        return checks.stream().anyMatch(c -> c.area().equals(area) && c.status() == dev.runnerops.orchestrator.model
                .DoctorReport.Status.FAIL);
    }
}
