package dev.runnerops.orchestrator.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runnerops.orchestrator.model.LogEntry;
import java.nio.file.Files;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
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
            assertThat(up.stdout()).contains("runner registration: skipped");
            assertThat(up.stderr()).contains("skipped (no gitlab.token)");
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

    /**
     * logs -f delivers lines written after it started: the unregistered runner complains every 3 s. Other lines
     * (its start-up banner) may come first; the test waits for the complaint, up to a bound.
     */
    private static void followedLogsShowNewLines(TestProject project) throws Exception {
        BlockingQueue<LogEntry> lines = new LinkedBlockingQueue<>();
        try (var o = project.orchestrator(); var stream = o.logs("runner", 0, true, lines::add)) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            LogEntry complaint = null;
            while (complaint == null && System.nanoTime() < deadline) {
                LogEntry line = lines.poll(1, TimeUnit.SECONDS);
                if (line != null && line.text().contains("Failed to load config")) {
                    complaint = line;
                }
            }
            assertThat(complaint).as("a followed 'Failed to load config' line within 30 s").isNotNull();
            assertThat(complaint.service()).isEqualTo("runner");
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
