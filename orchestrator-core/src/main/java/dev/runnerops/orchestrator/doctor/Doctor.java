package dev.runnerops.orchestrator.doctor;

import dev.runnerops.orchestrator.errors.OperationException;
import dev.runnerops.orchestrator.model.DoctorReport;
import dev.runnerops.orchestrator.model.DoctorReport.Check;
import java.util.List;

/** The checks of {@code doctor}, in the order a job's pull depends on them. */
public final class Doctor {
    private Doctor() {}

    public static DoctorReport examine(Diagnosis diagnosis, List<String> images) {
        group(diagnosis, "engine", () -> EngineChecks.run(diagnosis));
        group(diagnosis, RunnerContainerChecks.AREA, () -> RunnerContainerChecks.run(diagnosis));
        group(diagnosis, "registries", () -> RegistryChecks.run(diagnosis, images));
        group(diagnosis, "GitLab", () -> GitLabChecks.run(diagnosis));
        return new DoctorReport(diagnosis.checks());
    }

    /** A group that breaks off (the engine refused a call) is one failed check, and the others still run. */
    private static void group(Diagnosis diagnosis, String area, Runnable checks) {
        try {
            checks.run();
        } catch (OperationException e) {
            diagnosis.add(Check.fail(area, "could not be checked: " + e.getMessage(), "Fix what the message says, "
                    + "then run doctor again."));
        }
    }
}
