package dev.runnerops.orchestrator.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runnerops.orchestrator.config.Secret;
import dev.runnerops.orchestrator.engine.ExecResult;
import dev.runnerops.orchestrator.engine.FakeDockerEngine;
import dev.runnerops.orchestrator.event.Outcome;
import dev.runnerops.orchestrator.plan.ContainerSpec;
import dev.runnerops.orchestrator.plan.RunnerEntrySpec;
import dev.runnerops.orchestrator.plan.Service;
import dev.runnerops.orchestrator.steps.TestContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegisterRunnerStepTest {
    private static final Secret TOKEN = Secret.of("glrt-verysecretvalue123");
    private static final RunnerEntrySpec ENTRY = new RunnerEntrySpec("ci-1", "https://gitlab.example.com", "docker",
            "alpine:3.22", true, List.of("/s/cache:/cache"), "", List.of("DOCKER_AUTH_CONFIG={}"), List.of());

    @TempDir
    Path dir;

    private FakeDockerEngine runnerRunning(TestContext p) {
        FakeDockerEngine engine = new FakeDockerEngine().withImage("runner:1");
        engine.addContainer(new ContainerSpec(Service.RUNNER, "p-runner", "runner:1", "p-runner", "net", List.of(),
                Map.of(), List.of(), List.of(), "no", 0, false, Map.of()), true);
        return engine;
    }

    @Test
    void aFailedRegistrationPutsBackTheExactBytesOfConfigToml() throws IOException {
        TestContext p = TestContext.in(dir);
        Files.createDirectories(p.layout().runnerConfigDir());
        String before = "# the user's own file\nconcurrent = 4\n";
        Files.writeString(p.layout().runnerConfigToml(), before);
        FakeDockerEngine engine = runnerRunning(p).onExec(List.of("gitlab-runner", "register"), call -> {
            try { // as the real runner: it appends before it fails verifying
                Files.writeString(p.layout().runnerConfigToml(), before + "[[runners]]\n  name = \"half\"\n");
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            return new ExecResult(1, "", "ERROR: Verifying runner... is not valid  token=" + TOKEN.reveal()
                    + "\nPANIC: Failed to verify the runner.");
        });
        assertThatThrownBy(() -> new RegisterRunnerStep(p.context(engine)).run("p-runner", ENTRY, () -> TOKEN))
                .isInstanceOf(RegistrationException.class)
                .hasMessageContaining("is not valid").hasMessageContaining("glrt-ver…")
                .hasMessageNotContaining(TOKEN.reveal());
        assertThat(p.layout().runnerConfigToml()).hasContent(before);
    }

    @Test
    void anEntryForThisNameAndUrlMeansAlreadyRegisteredWithoutAskingForAToken() throws IOException {
        TestContext p = TestContext.in(dir);
        Files.createDirectories(p.layout().runnerConfigDir());
        Files.writeString(p.layout().runnerConfigToml(), "[[runners]]\n  name = \"ci-1\"\n  url = "
                + "\"https://gitlab.example.com/\"\n  token = \"glrt-x\"\n");
        AtomicBoolean asked = new AtomicBoolean();
        Outcome outcome = new RegisterRunnerStep(p.context(runnerRunning(p))).run("p-runner", ENTRY, () -> {
            asked.set(true);
            return TOKEN;
        });
        assertThat(outcome).isEqualTo(Outcome.ALREADY_REGISTERED);
        assertThat(asked).isFalse();
    }

    @Test
    void theTokenTravelsInTheExecsEnvironmentNeverInItsArguments() throws IOException {
        TestContext p = TestContext.in(dir);
        FakeDockerEngine engine = runnerRunning(p).onExec(List.of("gitlab-runner", "register"), call -> {
            try {
                Files.createDirectories(p.layout().runnerConfigDir());
                Files.writeString(p.layout().runnerConfigToml(), "[[runners]]\n  name = \"ci-1\"\n  url = "
                        + "\"https://gitlab.example.com\"\n  token = \"" + call.env().get("CI_SERVER_TOKEN") + "\"\n");
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            return new ExecResult(0, "", "Runner registered successfully.");
        });
        assertThat(new RegisterRunnerStep(p.context(engine)).run("p-runner", ENTRY, () -> TOKEN))
                .isEqualTo(Outcome.REGISTERED);
        assertThat(engine.execs()).singleElement().satisfies(call -> {
            assertThat(String.join(" ", call.cmd())).doesNotContain(TOKEN.reveal());
            assertThat(call.env()).containsExactly(Map.entry("CI_SERVER_TOKEN", TOKEN.reveal()));
        });
    }

    @Test
    void successWithoutTheEntryIsAnError() throws IOException {
        TestContext p = TestContext.in(dir);
        FakeDockerEngine engine = runnerRunning(p).onExec(List.of("gitlab-runner", "register"),
                new ExecResult(0, "", "Runner registered successfully."));
        assertThatThrownBy(() -> new RegisterRunnerStep(p.context(engine)).run("p-runner", ENTRY, () -> TOKEN))
                .hasMessageContaining("reported success").hasMessageContaining("0 entries");
    }

    @Test
    void runnerMessageQuotesErrorsAndMasksTheToken() {
        ExecResult r = new ExecResult(1, "", """
                Runtime platform   arch=amd64 os=linux
                ERROR: Verifying runner... is not valid   runner=glrt-ver status=403 Forbidden token=glrt-verysecretvalue123
                PANIC: Failed to verify the runner.
                """);
        String message = RegisterRunnerStep.runnerMessage(r, TOKEN);
        assertThat(message).contains("is not valid", "403 Forbidden", "PANIC: Failed to verify the runner.")
                .doesNotContain("verysecretvalue").doesNotContain("Runtime platform");
    }

    @Test
    void anUnreachableGitLabIsSaidSoEvenWhenTheRandomCorrelationIdHoldsAStatusCode() {
        // gitlab-runner's own words when the name does not resolve; the id is random hex (seen: …c403df…).
        ExecResult r = new ExecResult(1, "", "ERROR: Verifying runner... client error correlation_id="
                + "38ff52271c403df4e5672bad0adaa410 runner=glrt-403 status=couldn't execute POST against "
                + "http://gitlab.invalid/api/v4/runners/verify: Post \"http://gitlab.invalid/api/v4/runners/verify\": "
                + "dial tcp: lookup gitlab.invalid on 127.0.0.11:53: no such host\nPANIC: Failed to verify the runner.");
        assertThat(RegisterRunnerStep.hint(r, ENTRY, TOKEN)).startsWith("The runner container cannot reach "
                + ENTRY.url());
    }

    @Test
    void aStatusCodeOfItsOwnStillNamesTheCause() {
        ExecResult forbidden = new ExecResult(1, "", "ERROR: Verifying runner... is not valid correlation_id=01 "
                + "runner=glrt-ver status=403 Forbidden\nPANIC: Failed to verify the runner.");
        assertThat(RegisterRunnerStep.hint(forbidden, ENTRY, TOKEN)).startsWith("GitLab rejected the token");
        ExecResult gone = new ExecResult(1, "", "ERROR: Registering runner... failed correlation_id=02 runner=GR13489 "
                + "status=410 Gone\nPANIC: Failed to register the runner.");
        assertThat(RegisterRunnerStep.hint(gone, ENTRY, TOKEN)).contains("legacy registration tokens disabled");
    }
}
