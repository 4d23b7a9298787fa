package dev.runnerops.orchestrator.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tomlj.Toml;

/** `up` without a token starts an unregistered runner; `register` then registers it, once. */
class RegisterCommandIT {
    @Test
    void registersARunnerStartedEarlierExactlyOnce() throws Exception {
        try (TestProject project = TestProject.create();
             GitLabStandIn gitlab = new GitLabStandIn(project.name, Map.of())) {
            project.set("network", "name", gitlab.networkName).set("network", "external", true)
                    .set("gitlab", "url", gitlab.url()).set("gitlab", "token", "${IT_TOKEN:-}").write();
            TestProject.CliResult up = project.cli("up");
            assertThat(up.exitCode()).as(up.all()).isZero();
            assertThat(up.stdout()).contains("runner registration: skipped: no token");
            assertThat(project.state().runnerConfigToml()).doesNotExist();
            followedLogsShowNewLines(project);

            String token = gitlab.createRunnerToken();
            TestProject.CliResult register = project.cli(Map.of("IT_TOKEN", token), "register");
            assertThat(register.exitCode()).as(register.all()).isZero();
            assertThat(register.stdout()).contains("runner registration: registered");
            assertThat(register.all()).doesNotContain(token);
            TestProject.CliResult again = project.cli(Map.of("IT_TOKEN", token), "register");
            assertThat(again.stdout()).contains("already registered");
            assertThat(Toml.parse(Files.readString(project.state().runnerConfigToml())).getArray("runners").size())
                    .isEqualTo(1);
            assertThat(project.cli("down").exitCode()).isZero(); // frees the stand-in's network
        }
    }

    /** logs -f delivers lines written after it started (the unregistered runner complains every 3 s). */
    private static void followedLogsShowNewLines(TestProject project) throws Exception {
        java.util.concurrent.BlockingQueue<dev.runnerops.orchestrator.api.LogEntry> lines =
                new java.util.concurrent.LinkedBlockingQueue<>();
        try (var o = project.orchestrator(); var stream = o.logs("runner", 0, true, lines::add)) {
            var line = lines.poll(15, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(line).isNotNull();
            assertThat(line.service()).isEqualTo("runner");
            assertThat(line.text()).contains("Failed to load config");
        }
    }

    @Test
    void registerWithoutARunningRunnerSaysToRunUpFirst() throws Exception {
        try (TestProject project = TestProject.create()) {
            project.env.put("IT_TOKEN", "glrt-abcdefghijklmnopqrst");
            project.set("gitlab", "url", "http://gitlab.invalid").set("gitlab", "token", "${IT_TOKEN}").write();
            TestProject.CliResult r = project.cli("register");
            assertThat(r.exitCode()).isEqualTo(1);
            assertThat(r.stderr()).contains("runner container of project " + project.name + " is not running", "`up`");
        }
    }
}
