package dev.runnerops.orchestrator.cli;

import dev.runnerops.orchestrator.api.Fleet;
import dev.runnerops.orchestrator.model.DoctorReport;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "doctor", mixinStandardHelpOptions = true,
        description = {"Check what a CI job's ECR pull depends on, one line each, with a fix for each failure: the "
                + "engine, the configuration, the images, the runner container, the helper, the AWS credentials, "
                + "every registry of aws.ecr_registries (from the runner container and from a probe container built "
                + "like a job container), GitLab, and config.toml.",
                "Changes nothing (probe containers are removed again). Exit code 0 only when every check passes."})
final class DoctorCommand implements Callable<Integer> {
    @ParentCommand
    OrchestratorCommand parent;

    @Option(names = "--json", description = "The same as data.")
    boolean json;

    @Option(names = "--image", paramLabel = "IMAGE", description = "A job image to check the registry of, as "
            + ".gitlab-ci.yml names it (repeatable).")
    List<String> images = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        try (Fleet fleet = parent.fleet()) {
            Fleet.Results<DoctorReport> reports = fleet.doctor(images);
            int code = json ? FleetOutput.json(fleet, reports) : FleetOutput.report(fleet, reports, DoctorCommand::print);
            boolean passed = reports.results().values().stream().allMatch(DoctorReport::passed);
            return code != ExitCodes.OK ? code : passed ? ExitCodes.OK : ExitCodes.FAILED;
        }
    }

    private static void print(String prefix, DoctorReport report) {
        StringBuilder out = new StringBuilder();
        for (DoctorReport.Check c : report.checks()) {
            out.append(prefix).append(mark(c.status())).append(' ').append(c.area()).append(": ").append(c.detail())
                    .append('\n');
            if (!c.fix().isEmpty()) {
                out.append(prefix).append("    fix: ").append(c.fix()).append('\n');
            }
        }
        out.append(prefix).append(report.passed() ? "all checks passed\n" : report.failures().size()
                + " check(s) failed\n");
        System.out.print(out);
    }

    /** ASCII: whatever the terminal's encoding, and easy to grep. */
    private static String mark(DoctorReport.Status status) {
        return switch (status) {
            case PASS -> "[ ok ]";
            case FAIL -> "[FAIL]";
            case SKIP -> "[skip]";
        };
    }
}
