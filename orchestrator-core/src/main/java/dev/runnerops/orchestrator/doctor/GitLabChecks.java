package dev.runnerops.orchestrator.doctor;

import dev.runnerops.orchestrator.engine.ExecResult;
import dev.runnerops.orchestrator.model.DoctorReport.Check;
import dev.runnerops.orchestrator.plan.RunnerConfigSpec;
import dev.runnerops.orchestrator.plan.RunnerEntrySpec;
import dev.runnerops.orchestrator.runner.ConvergeRunnerConfigStep;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** GitLab as the runner sees it: reachable by config.toml's URL, the token accepted, config.toml as configured. */
final class GitLabChecks {
    private GitLabChecks() {}

    static void run(Diagnosis d) {
        RunnerEntrySpec entry = d.plan().runnerConfig().runner();
        if (d.runnerContainer().isEmpty()) {
            d.add(Check.skip("GitLab", "the runner container does not run"));
            return;
        }
        String container = d.runnerContainer().get();
        if (d.jobs().isEmpty()) {
            d.add(Check.fail("registration", "config.toml has no runner " + entry.name() + " for "
                    + (entry.url().isEmpty() ? "(no gitlab.url)" : entry.url()), d.plan().gitlab().isPresent()
                    ? "Run `up --complete`: it creates and registers the runner."
                    : "Set gitlab.url and gitlab.token (a glrt- token of a runner created in GitLab), then run "
                            + "`register`."));
            return;
        }
        reachable(d, container, entry.url());
        ExecResult verify = d.ctx().engine().exec(container, List.of("gitlab-runner", "verify", "--config",
                RunnerConfigSpec.CONFIG_FILE, "--name", entry.name()), Map.of(), Duration.ofSeconds(60));
        String out = verify.output();
        d.add(verify.succeeded() && (out.contains("is valid") || out.contains("is alive"))
                ? Check.pass("registration", "gitlab-runner verify: " + entry.name() + " is valid at " + entry.url())
                : Check.fail("registration", "gitlab-runner verify did not confirm " + entry.name() + ": "
                        + String.join(" / ", verify.lastLines(2)), "The runner was deleted in GitLab, or its token "
                        + "revoked: create a runner in GitLab and run `register` with its token (complete mode: `clean`, "
                        + "then `up --complete`)."));
        List<String> drift = new ConvergeRunnerConfigStep(d.ctx()).drift(container, d.plan().runnerConfig());
        d.add(drift.isEmpty()
                ? Check.pass("config.toml", "the runner's entry matches the configuration")
                : Check.fail("config.toml", "differs from the configuration in " + String.join(", ", drift),
                        "Run `up`: it rewrites those keys."));
    }

    /** Any HTTP answer proves the network path; the runner image's curl asks as the runner would. */
    private static void reachable(Diagnosis d, String container, String url) {
        ExecResult r = d.ctx().engine().exec(container, List.of("curl", "-s", "-o", "/dev/null", "-w", "%{http_code}",
                "--max-time", "10", url + "/api/v4/version"), Map.of(), Duration.ofSeconds(30));
        String code = r.stdout().strip();
        if (r.exitCode() == 127) {
            d.add(Check.skip("GitLab", "no curl in the runner image; gitlab-runner verify below tests the path"));
        } else if (r.succeeded() && code.matches("[1-5]\\d\\d")) {
            d.add(Check.pass("GitLab", url + " answers from the runner container (HTTP " + code + ")"));
        } else {
            d.add(Check.fail("GitLab", url + " does not answer from the runner container (curl exit " + r.exitCode()
                    + (r.stderr().isBlank() ? "" : ": " + r.stderr().strip()) + ")", "Check gitlab.url, and that "
                    + "containers can reach it: for a GitLab container on this host, join its network "
                    + "(network.name, network.external = true)."));
        }
    }
}
