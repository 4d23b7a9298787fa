package dev.runnerops.orchestrator.doctor;

import dev.runnerops.orchestrator.config.OrchestratorConfig.HelperSource;
import dev.runnerops.orchestrator.engine.ContainerDetails;
import dev.runnerops.orchestrator.engine.ExecResult;
import dev.runnerops.orchestrator.model.DoctorReport.Check;
import dev.runnerops.orchestrator.plan.BindMount;
import dev.runnerops.orchestrator.plan.StackPlanner;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The runner container: how it runs, the helper inside it, and the AWS credentials it sees. */
final class RunnerContainerChecks {
    static final String AREA = "runner container";

    private RunnerContainerChecks() {}

    static void run(Diagnosis d) {
        String name = d.plan().runner().name();
        if (d.runnerContainer().isEmpty()) {
            d.add(Check.fail(AREA, name + " is not running", "Run `up`" + (d.plan().gitlab().isPresent()
                    ? " --complete" : "") + "."));
            return;
        }
        ContainerDetails details = d.ctx().engine().inspect(name).orElseThrow();
        List<String> missing = new ArrayList<>();
        for (BindMount m : d.plan().runner().mounts()) {
            boolean present = details.mounts().stream().anyMatch(x -> x.target().equals(m.target())
                    && x.source().equals(m.source().toString()) && x.readOnly() == m.readOnly());
            if (!present) {
                missing.add(m.toString());
            }
        }
        if (details.privileged()) {
            d.add(Check.fail(AREA, name + " runs privileged", "Run `up`: the runner container never needs to be "
                    + "privileged (jobs are, with runner.privileged)."));
        } else if (!missing.isEmpty()) {
            d.add(Check.fail(AREA, name + " lacks the mounts " + String.join(", ", missing), "Run `up`: it recreates "
                    + "the container with the configured mounts."));
        } else {
            d.add(Check.pass(AREA, name + " running, not privileged, " + details.mounts().size() + " mounts as "
                    + "configured"));
        }
        helper(d, name);
        credentials(d, name);
    }

    private static void helper(Diagnosis d, String container) {
        ExecResult r = d.ctx().engine().exec(container, List.of("sh", "-c", HelperCall.HELPER + " version"), Map.of(),
                Duration.ofSeconds(30));
        String version = r.output().lines().findFirst().orElse("").strip();
        if (!r.succeeded()) {
            d.add(Check.fail("helper", "`" + HelperCall.HELPER + " version` in " + container + " failed (exit "
                    + r.exitCode() + "): " + String.join(" / ", r.lastLines(2)), r.exitCode() == 127
                    ? "The helper is not on the container's PATH: run `up` (it mounts it at "
                    + StackPlanner.HELPER_TARGET + ")." : "Check helper.source and the binary it names."));
            return;
        }
        var helper = d.ctx().config().helper();
        String expected = helper.version().startsWith("v") ? helper.version().substring(1) : helper.version();
        if (helper.source() != HelperSource.LOCAL && !version.contains(expected)) {
            d.add(Check.fail("helper", "runs in " + container + ", version " + version + ", but helper.version is "
                    + helper.version(), "Run `up`: it provides the configured version."));
        } else {
            d.add(Check.pass("helper", "runs in " + container + ", version " + version));
        }
    }

    private static void credentials(Diagnosis d, String container) {
        if (d.ctx().config().aws().credentialsFile().isEmpty()) {
            d.add(Check.skip("AWS credentials", "aws.credentials_file is empty: the helper uses the environment or "
                    + "the EC2 instance role"));
            return;
        }
        String target = StackPlanner.CREDENTIALS_TARGET;
        ExecResult readable = d.ctx().engine().exec(container, List.of("sh", "-c", "test -f " + target + " && test -r "
                + target), Map.of(), Duration.ofSeconds(30));
        if (!readable.succeeded()) {
            d.add(Check.fail("AWS credentials", target + " is missing or unreadable in " + container,
                    "Run `up`: it mounts aws.credentials_file there (read-only)."));
            return;
        }
        String text = new String(d.ctx().engine().readFile(container, target), StandardCharsets.UTF_8);
        List<String> profiles = CredentialsFile.describe(text);
        if (profiles.isEmpty()) {
            d.add(Check.fail("AWS credentials", target + " in " + container + " holds no profile with an "
                    + "aws_access_key_id", "Put an [default] profile with aws_access_key_id and aws_secret_access_key "
                    + "in aws.credentials_file."));
            return;
        }
        d.add(Check.pass("AWS credentials", "mounted and readable in " + container + ": " + String.join(", ",
                profiles)));
    }

    /** Whether the credentials that the helper will use are there: a failed check above means skip the calls. */
    static boolean credentialsUsable(Diagnosis d) {
        return !d.failed("AWS credentials") && d.runnerContainer().isPresent() && !d.failed("helper");
    }
}
