package dev.runnerops.orchestrator.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runnerops.orchestrator.config.Mode;
import dev.runnerops.orchestrator.engine.ExecResult;
import dev.runnerops.orchestrator.engine.FakeDockerEngine;
import dev.runnerops.orchestrator.model.DoctorReport;
import dev.runnerops.orchestrator.model.DoctorReport.Status;
import dev.runnerops.orchestrator.operation.DoctorOperation;
import dev.runnerops.orchestrator.plan.StackPlan;
import dev.runnerops.orchestrator.plan.StackPlanner;
import dev.runnerops.orchestrator.runner.RunnerConfigDocument;
import dev.runnerops.orchestrator.steps.TestContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** doctor's verdicts, against the in-memory engine whose execs answer as the helper and gitlab-runner do. */
class DoctorTest {
    private static final String REGISTRY = "123456789012.dkr.ecr.eu-west-1.amazonaws.com";
    private static final String CREDENTIAL = "{\"ServerURL\":\"" + REGISTRY + "\",\"Username\":\"AWS\","
            + "\"Secret\":\"the-issued-password\"}";
    private static final String UNRECOGNIZED = "time=\"2026-11-26T10:00:00Z\" level=error msg=\"Error retrieving "
            + "credentials\" error=\"ecr: Failed to get authorization token: operation error ECR: GetAuthorizationToken, "
            + "https response error StatusCode: 400, RequestID: 1, api error UnrecognizedClientException: The security "
            + "token included in the request is invalid.\"";

    @TempDir
    Path dir;

    private TestContext project() throws IOException {
        return TestContext.in(dir, "[gitlab]\nurl = \"https://gitlab.example.com\"\n");
    }

    /** A runner as `up` leaves it: running with the planned mounts, registered, config.toml in line. */
    private FakeDockerEngine upAndRegistered(TestContext p) throws IOException {
        FakeDockerEngine engine = new FakeDockerEngine().withSocket(p.socket()).withImage("runner:1")
                .withRegistry(REGISTRY, "the-issued-password");
        StackPlan plan = StackPlanner.plan(p.config, Mode.RUNNER_ONLY, p.socket(), dev.runnerops.orchestrator.plan.HelperPlan.of(p.config, null));
        var runner = engine.addContainer(plan.runner(), true);
        runner.files.put("/root/.aws/credentials", ("[default]\naws_access_key_id = AKIAEXAMPLEKEY123456\n"
                + "aws_secret_access_key = secret-never-shown\n").getBytes(StandardCharsets.UTF_8));
        Files.createDirectories(p.layout().runnerConfigDir());
        RunnerConfigDocument doc = RunnerConfigDocument.parse("[[runners]]\n  name = \"gitlab-ecr-runner\"\n  url = "
                + "\"https://gitlab.example.com\"\n  token = \"glrt-x\"\n", "config.toml");
        doc.apply(plan.runnerConfig());
        Files.writeString(p.layout().runnerConfigToml(), doc.text());
        return engine
                .onExec(call -> String.join(" ", call.cmd()).contains("docker-credential-ecr-login version"),
                        call -> new ExecResult(0, "0.6.4\n", ""))
                .onExec(call -> String.join(" ", call.cmd()).contains("test -r /root/.aws/credentials"),
                        call -> new ExecResult(0, "", ""))
                .onExec(call -> call.env().containsKey("DOCTOR_REGISTRY"), call -> new ExecResult(0, CREDENTIAL, ""))
                .onExec(List.of("curl"), new ExecResult(0, "200", ""))
                .onExec(List.of("gitlab-runner", "verify"), new ExecResult(0, "", "Verifying runner... is valid"))
                .onProbe("@@config", new ExecResult(0, "@@config\n{\"credHelpers\":{\"" + REGISTRY + "\":"
                        + "\"ecr-login\"}}\n@@get\n" + CREDENTIAL, ""));
    }

    private static DoctorReport doctor(TestContext p, FakeDockerEngine engine, String... images) {
        return new DoctorOperation(p.context(engine)).run(List.of(images));
    }

    private static DoctorReport.Check check(DoctorReport report, String area) {
        return report.checks().stream().filter(c -> c.area().equals(area)).findFirst().orElseThrow(
                () -> new AssertionError("no check " + area + " in " + report.checks()));
    }

    @Test
    void everythingInPlacePassesEveryCheck() throws IOException {
        TestContext p = project();
        DoctorReport report = doctor(p, upAndRegistered(p));
        assertThat(report.failures()).isEmpty();
        assertThat(report.passed()).isTrue();
        assertThat(check(report, "registry " + REGISTRY).detail()).contains("user AWS", "Login Succeeded");
        assertThat(check(report, "registry " + REGISTRY + " (job container)").status()).isEqualTo(Status.PASS);
        assertThat(check(report, "AWS credentials").detail()).contains("default (AKIA…3456)")
                .doesNotContain("secret-never-shown").doesNotContain("AKIAEXAMPLEKEY123456");
        assertThat(report.checks().toString()).doesNotContain("the-issued-password");
    }

    @Test
    void theProbeIsBuiltLikeAJobContainerFromConfigToml() throws IOException {
        TestContext p = project();
        FakeDockerEngine engine = upAndRegistered(p);
        doctor(p, engine);
        StackPlan plan = StackPlanner.plan(p.config, Mode.RUNNER_ONLY, p.socket(), dev.runnerops.orchestrator.plan.HelperPlan.of(p.config, null));
        assertThat(engine.probes()).singleElement().satisfies(probe -> {
            assertThat(probe.image()).isEqualTo("runner:1");
            assertThat(probe.binds()).isEqualTo(plan.runnerConfig().runner().volumes());
            assertThat(probe.env()).containsAll(plan.runnerConfig().runner().environment());
        });
    }

    @Test
    void unknownKeysFailTheRegistryQuotingTheHelpersErrorAndTheFix() throws IOException {
        TestContext p = project();
        FakeDockerEngine engine = upAndRegistered(p).onExec(call -> call.env().containsKey("DOCTOR_REGISTRY"),
                call -> new ExecResult(1, "", "credentials not found in native keychain\n@@doctor-helper-log\n"
                        + UNRECOGNIZED + "\n"));
        DoctorReport report = doctor(p, engine);
        DoctorReport.Check registry = check(report, "registry " + REGISTRY);
        assertThat(registry.status()).isEqualTo(Status.FAIL);
        assertThat(registry.detail()).contains("credentials not found in native keychain",
                "api error UnrecognizedClientException: The security token included in the request is invalid.");
        assertThat(registry.fix()).contains("access key id", "aws.credentials_file");
        assertThat(report.passed()).isFalse();
    }

    @Test
    void aClockOffByMinutesIsNamed() {
        HelperCall.Answer answer = new HelperCall.Answer(false, "", null, 1, "credentials not found in native keychain",
                List.of("level=error error=\"api error InvalidSignatureException: Signature expired: 20261126T100000Z "
                        + "is now earlier than 20261126T101000Z (20261126T101500Z - 5 min.)\""));
        assertThat(HelperFailures.likelyFix(answer)).contains("clock");
    }

    @Test
    void aJobImageOnARegistryNotListedFailsNamingIt() throws IOException {
        TestContext p = project();
        DoctorReport report = doctor(p, upAndRegistered(p), "999999999999.dkr.ecr.us-east-2.amazonaws.com/app:1");
        DoctorReport.Check image = check(report, "image 999999999999.dkr.ecr.us-east-2.amazonaws.com/app:1");
        assertThat(image.status()).isEqualTo(Status.FAIL);
        assertThat(image.detail()).contains("999999999999.dkr.ecr.us-east-2.amazonaws.com is not in aws.ecr_registries");
        assertThat(image.fix()).contains("Add \"999999999999.dkr.ecr.us-east-2.amazonaws.com\" to aws.ecr_registries");
    }

    @Test
    void anUnregisteredRunnerFailsRegistrationAndSkipsTheJobContainer() throws IOException {
        TestContext p = project();
        FakeDockerEngine engine = upAndRegistered(p);
        Files.delete(p.layout().runnerConfigToml());
        DoctorReport report = doctor(p, engine);
        assertThat(check(report, "registration").status()).isEqualTo(Status.FAIL);
        assertThat(check(report, "registration").fix()).contains("gitlab.token", "register");
        assertThat(check(report, "registry " + REGISTRY + " (job container)").status()).isEqualTo(Status.SKIP);
    }

    @Test
    void aMissingCredentialsFileInTheContainerSkipsTheHelperCalls() throws IOException {
        TestContext p = project();
        FakeDockerEngine engine = upAndRegistered(p).onExec(
                call -> String.join(" ", call.cmd()).contains("test -r /root/.aws/credentials"),
                call -> new ExecResult(1, "", ""));
        DoctorReport report = doctor(p, engine);
        assertThat(check(report, "AWS credentials").status()).isEqualTo(Status.FAIL);
        assertThat(check(report, "registry " + REGISTRY).status()).isEqualTo(Status.SKIP);
        assertThat(engine.execs()).noneMatch(c -> c.env().containsKey("DOCTOR_REGISTRY"));
    }

    @Test
    void aStoppedRunnerIsNamedAndNothingIsExecuted() throws IOException {
        TestContext p = project();
        FakeDockerEngine engine = upAndRegistered(p);
        engine.stopContainer("p-runner", java.time.Duration.ZERO);
        DoctorReport report = doctor(p, engine);
        assertThat(check(report, "runner container").detail()).contains("not running");
        assertThat(engine.execs()).isEmpty();
        assertThat(engine.calls()).filteredOn(c -> !c.startsWith("stop")).isEmpty();
    }
}
