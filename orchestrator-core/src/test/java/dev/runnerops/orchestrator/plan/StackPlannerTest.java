package dev.runnerops.orchestrator.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runnerops.orchestrator.config.Mode;
import dev.runnerops.orchestrator.config.TestConfigs;
import dev.runnerops.orchestrator.config.TokenKind;
import dev.runnerops.orchestrator.config.OrchestratorConfig;
import dev.runnerops.orchestrator.config.Secret;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StackPlannerTest {
    private static final Path SOCKET = Path.of("/var/run/docker.sock");

    @TempDir
    Path dir;

    private OrchestratorConfig config(String toml) throws IOException {
        return TestConfigs.load(dir, toml);
    }

    private OrchestratorConfig withCredentials(String extra) throws IOException {
        return config("""
                [project]
                name = "p1"
                state_dir = "state"
                [aws]
                credentials_file = "creds"
                region = "eu-west-1"
                ecr_registries = ["123456789012.dkr.ecr.eu-west-1.amazonaws.com"]
                """ + extra);
    }

    @Test
    void runnerContainerHasTheOriginalsMountsAndIsNotPrivileged() throws IOException {
        StackPlan plan = StackPlanner.plan(withCredentials(""), Mode.RUNNER_ONLY, SOCKET);
        ContainerSpec runner = plan.runner();
        assertThat(plan.gitlab()).isEmpty();
        assertThat(runner.name()).isEqualTo("p1-runner");
        assertThat(runner.privileged()).isFalse();
        assertThat(runner.network()).isEqualTo("gitlab-ecr-network");
        assertThat(runner.mounts()).extracting(BindMount::toString).containsExactly(
                dir.resolve("state/runner/config") + ":/etc/gitlab-runner",
                "/var/run/docker.sock:/var/run/docker.sock",
                dir.resolve("creds") + ":/root/.aws/credentials:ro",
                dir.resolve("state/helper/docker-credential-ecr-login-v0.11.0")
                        + ":/usr/local/bin/docker-credential-ecr-login:ro");
        assertThat(runner.labels()).containsEntry(Labels.PROJECT, "p1").containsEntry(Labels.SERVICE, "runner")
                .containsKey(Labels.CONFIG_HASH);
        assertThat(runner.env()).containsEntry("AWS_REGION", "eu-west-1");
        assertThat(plan.network().labels()).containsExactly(Map.entry(Labels.PROJECT, "p1"));
    }

    @Test
    void withoutCredentialsFileNothingIsMountedForIt() throws IOException {
        OrchestratorConfig c = config("[aws]\ncredentials_file = \"\"\n");
        StackPlan plan = StackPlanner.plan(c, Mode.RUNNER_ONLY, SOCKET);
        assertThat(plan.runner().mounts()).extracting(BindMount::target).doesNotContain("/root/.aws/credentials");
        assertThat(plan.runnerConfig().runner().volumes()).noneMatch(v -> v.contains("/root/.aws/credentials"));
    }

    @Test
    void localHelperIsMountedFromItsOwnPath() throws IOException {
        OrchestratorConfig c = config("[helper]\nsource = \"local\"\nlocal_path = \"/usr/bin/docker-credential-ecr-login\"\n");
        StackPlan plan = StackPlanner.plan(c, Mode.RUNNER_ONLY, SOCKET);
        assertThat(plan.helperBinary()).isEqualTo(Path.of("/usr/bin/docker-credential-ecr-login"));
        assertThat(plan.runner().mounts()).anyMatch(m -> m.source().equals(plan.helperBinary())
                && m.setting().equals("helper.local_path") && m.readOnly());
    }

    @Test
    void configHashIsStableAndFollowsChanges() throws IOException {
        String a = StackPlanner.plan(withCredentials(""), Mode.RUNNER_ONLY, SOCKET).runner().configHash();
        String b = StackPlanner.plan(withCredentials(""), Mode.RUNNER_ONLY, SOCKET).runner().configHash();
        String c = StackPlanner.plan(withCredentials("[runner]\nimage = \"gitlab/gitlab-runner:v19.3.0\"\n"),
                Mode.RUNNER_ONLY, SOCKET).runner().configHash();
        assertThat(a).hasSize(64).isEqualTo(b).isNotEqualTo(c);
    }

    @Test
    void registrationKeepsTheTokenOutOfArgv() throws IOException {
        StackPlan plan = StackPlanner.plan(withCredentials("[gitlab]\nurl = \"https://gitlab.example.com\"\n"),
                Mode.RUNNER_ONLY, SOCKET);
        Secret token = Secret.of("glrt-0123456789abcdefghij");
        assertThat(RunnerRegistration.argv(plan.runnerConfig().runner(), token.tokenKind())).noneMatch(a -> a.contains("0123456789abcdefghij"))
                .containsSequence("--url", "https://gitlab.example.com")
                .containsSequence("--executor", "docker")
                .containsSequence("--docker-image", "alpine:3.22")
                .contains("--docker-privileged=true", "--non-interactive")
                .doesNotContain("--docker-network-mode", "--tag-list", "--locked", "--run-untagged");
        assertThat(RunnerRegistration.environment(token)).containsExactly(Map.entry("CI_SERVER_TOKEN", token.reveal()));
        assertThat(RunnerRegistration.environment(Secret.of("GR1348941legacy")))
                .containsExactly(Map.entry("REGISTRATION_TOKEN", "GR1348941legacy"));
    }

    @Test
    void jobsGetTheFiveVolumesWithDockerHostPathsAndTheAuthConfig() throws IOException {
        StackPlan plan = StackPlanner.plan(withCredentials("[runner]\njob_volumes = [\"/srv/data:/data:ro\"]\n"),
                Mode.RUNNER_ONLY, SOCKET);
        Path state = dir.resolve("state");
        assertThat(plan.runnerConfig().runner().volumes()).containsExactly(
                state.resolve("runner/mounts/client-certs") + ":/certs/client",
                state.resolve("runner/mounts/cache") + ":/cache",
                state.resolve("runner/docker-config.json") + ":/root/.docker/config.json:ro",
                dir.resolve("creds") + ":/root/.aws/credentials:ro",
                state.resolve("helper/docker-credential-ecr-login-v0.11.0") + ":/usr/local/bin/docker-credential-ecr-login:ro",
                "/srv/data:/data:ro");
        assertThat(plan.jobAuthJson())
                .isEqualTo("{\"credHelpers\":{\"123456789012.dkr.ecr.eu-west-1.amazonaws.com\":\"ecr-login\"}}");
        assertThat(plan.runnerConfig().runner().environment()).contains("DOCKER_AUTH_CONFIG=" + plan.jobAuthJson(),
                "AWS_REGION=eu-west-1");
    }

    @Test
    void credentialsStayOutOfJobsWhenNotShared() throws IOException {
        StackPlan plan = StackPlanner.plan(withCredentials("share_credentials_with_jobs = false\n"),
                Mode.RUNNER_ONLY, SOCKET);
        assertThat(plan.runnerConfig().runner().volumes()).noneMatch(v -> v.contains("/root/.aws/credentials"));
        assertThat(plan.runner().mounts()).anyMatch(m -> m.target().equals("/root/.aws/credentials"));
    }

    @Test
    void completeModeAddsTheServerAndSharesItsNetworkWithJobs() throws IOException {
        StackPlan plan = StackPlanner.plan(withCredentials(""), Mode.COMPLETE, SOCKET);
        ContainerSpec gitlab = plan.gitlab().orElseThrow();
        assertThat(plan.containers().get(0)).isSameAs(gitlab);
        assertThat(gitlab.hostname()).isEqualTo("gitlab-server");
        assertThat(gitlab.networkAliases()).containsExactly("gitlab-server");
        assertThat(gitlab.shmSizeBytes()).isEqualTo(256L << 20);
        assertThat(gitlab.ports()).extracting(PortBinding::toString)
                .containsExactly("127.0.0.1:8800->8800/tcp", "127.0.0.1:2200->22/tcp");
        assertThat(gitlab.env().get("GITLAB_OMNIBUS_CONFIG")).contains(
                "external_url 'http://gitlab-server:8800'",
                "gitlab_rails['gitlab_shell_ssh_port'] = 2200",
                "File.read('/etc/gitlab/orchestrator-root-password')");
        assertThat(gitlab.mounts()).extracting(BindMount::target)
                .containsExactly("/etc/gitlab", "/var/log/gitlab", "/var/opt/gitlab");
        assertThat(plan.runnerConfig().runner().url()).isEqualTo("http://gitlab-server:8800");
        assertThat(plan.runnerConfig().runner().networkMode()).isEqualTo("gitlab-ecr-network");
        // The runner is the same container in both modes: switching modes does not recreate it.
        assertThat(plan.runner().configHash())
                .isEqualTo(StackPlanner.plan(withCredentials(""), Mode.RUNNER_ONLY, SOCKET).runner().configHash());
    }

    @Test
    void legacyTokensGetTheTagsOnTheCommandLineAndGlrtTokensDoNot() throws IOException {
        StackPlan plan = StackPlanner.plan(withCredentials("[runner]\ntags = [\"docker\", \"ecr\"]\n"),
                Mode.RUNNER_ONLY, SOCKET);
        assertThat(RunnerRegistration.argv(plan.runnerConfig().runner(), TokenKind.REGISTRATION))
                .containsSequence("--tag-list", "docker,ecr");
        assertThat(RunnerRegistration.argv(plan.runnerConfig().runner(), TokenKind.RUNNER_AUTHENTICATION))
                .doesNotContain("--tag-list");
    }

    @Test
    void theRunnerConfigCarriesConcurrent() throws IOException {
        assertThat(StackPlanner.plan(withCredentials("[runner]\nconcurrent = 4\n"), Mode.RUNNER_ONLY, SOCKET)
                .runnerConfig().concurrent()).isEqualTo(4);
    }

    @Test
    void noRegistriesMeansCredsStore() {
        assertThat(JobAuthConfig.json(java.util.List.of())).isEqualTo("{\"credsStore\":\"ecr-login\"}");
    }
}
