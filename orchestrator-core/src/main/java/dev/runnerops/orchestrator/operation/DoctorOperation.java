package dev.runnerops.orchestrator.operation;

import dev.runnerops.orchestrator.config.Mode;
import dev.runnerops.orchestrator.doctor.Diagnosis;
import dev.runnerops.orchestrator.doctor.Doctor;
import dev.runnerops.orchestrator.engine.ContainerInfo;
import dev.runnerops.orchestrator.errors.EngineUnavailableException;
import dev.runnerops.orchestrator.model.DoctorReport;
import dev.runnerops.orchestrator.plan.Service;
import dev.runnerops.orchestrator.plan.StackPlan;
import dev.runnerops.orchestrator.plan.StackPlanner;
import dev.runnerops.orchestrator.runner.RunnerConfigAccess;
import dev.runnerops.orchestrator.runner.RunnerConfigDocument;
import dev.runnerops.orchestrator.steps.Context;
import java.util.List;
import java.util.Optional;

/**
 * {@code doctor}: checks, reports and changes nothing (but for probe containers it removes again). Takes no lock.
 * The mode is what runs: complete when the project has a GitLab container.
 */
public final class DoctorOperation {
    private final Context ctx;

    public DoctorOperation(Context ctx) {
        this.ctx = ctx;
    }

    /** @param images job images to check the registries of, as a user's .gitlab-ci.yml names them */
    public DoctorReport run(List<String> images) {
        try {
            ctx.engine().ping();
        } catch (EngineUnavailableException e) {
            return new DoctorReport(List.of(DoctorReport.Check.fail("engine", e.getMessage(), "Start Docker, or point "
                    + "DOCKER_HOST (or --context) at a running engine.")));
        }
        Observation observed = Observation.of(ctx);
        boolean complete = observed.service(Service.GITLAB, StackPlanner.containerName(ctx.config(), Service.GITLAB))
                .isPresent();
        StackPlan plan = Plans.of(ctx, complete ? Mode.COMPLETE : Mode.RUNNER_ONLY);
        Optional<String> runner = observed.service(Service.RUNNER, plan.runner().name())
                .filter(ContainerInfo::running).map(ContainerInfo::name);
        RunnerConfigDocument document = new RunnerConfigAccess(ctx)
                .parse(runner.orElse(null));
        var entry = plan.runnerConfig().runner();
        Diagnosis diagnosis = Diagnosis.of(ctx, plan, runner, document.jobSettings(entry.name(), entry.url()));
        return Doctor.examine(diagnosis, images);
    }
}
