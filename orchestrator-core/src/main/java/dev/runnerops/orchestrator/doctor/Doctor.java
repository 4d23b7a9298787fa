package dev.runnerops.orchestrator.doctor;

import dev.runnerops.orchestrator.model.DoctorReport;
import java.util.List;

/** The checks of {@code doctor}, in the order a job's pull depends on them. */
public final class Doctor {
    private Doctor() {}

    public static DoctorReport examine(Diagnosis diagnosis, List<String> images) {
        EngineChecks.run(diagnosis);
        RunnerContainerChecks.run(diagnosis);
        RegistryChecks.run(diagnosis, images);
        GitLabChecks.run(diagnosis);
        return new DoctorReport(diagnosis.checks());
    }
}
