package dev.runnerops.orchestrator.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runnerops.orchestrator.errors.ConfigurationException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    @TempDir
    Path dir;

    private final Path home = Path.of("/home/someone");

    private OrchestratorConfig load(String toml, Map<String, String> env) throws IOException {
        Path file = dir.resolve("orchestrator.toml");
        Files.writeString(file, toml);
        return new ConfigLoader(env, home).load(file);
    }

    private OrchestratorConfig load(String toml) throws IOException {
        return load(toml, Map.of());
    }

    @Test
    void emptyFileTakesEveryDefaultFromTheEmbeddedFile() throws IOException {
        OrchestratorConfig c = load("");
        assertThat(c.project().name()).isEqualTo("gitlab-ecr");
        assertThat(c.runner().image()).isEqualTo("gitlab/gitlab-runner:v19.4.1");
        assertThat(c.server().image()).isEqualTo("gitlab/gitlab-ce:19.4.1-ce.0");
        assertThat(c.server().shmSizeBytes()).isEqualTo(256L << 20);
        assertThat(c.server().readyTimeout()).isEqualTo(Duration.ofMinutes(15));
        assertThat(c.server().externalUrl()).isEqualTo("http://gitlab-server:8800");
        assertThat(c.runner().privileged()).isTrue();
        assertThat(c.aws().credentialsFile()).isEmpty();
        assertThat(c.gitlab().hasToken()).isFalse();
        assertThat(c.helper().version()).isEqualTo("v0.11.0");
    }

    @Test
    void relativePathsResolveAgainstTheFilesFolderAndTildeIsHome() throws IOException {
        OrchestratorConfig c = load("""
                [project]
                state_dir = "../state"
                [aws]
                credentials_file = "~/.aws/credentials"
                """);
        assertThat(c.project().stateDir()).isEqualTo(dir.getParent().resolve("state"));
        assertThat(c.aws().credentialsFile()).contains(home.resolve(".aws/credentials"));
    }

    @Test
    void defaultConfigurationResolvesAsIfItLivedInTheConfigFolder() {
        OrchestratorConfig c = new ConfigLoader(Map.of(), home).loadDefault(dir);
        assertThat(c.project().stateDir()).isEqualTo(dir.resolve("state"));
        assertThat(c.source()).isEqualTo("built-in default configuration");
    }

    @Test
    void environmentVariablesFillSecretsAndNeverShowInToString() throws IOException {
        OrchestratorConfig c = load("""
                [gitlab]
                url = "https://gitlab.example.com/"
                token = "${RUNNER_TOKEN}"
                """, Map.of("RUNNER_TOKEN", "glrt-supersecret123456"));
        assertThat(c.gitlab().token().reveal()).isEqualTo("glrt-supersecret123456");
        assertThat(c.gitlab().token().tokenKind()).isEqualTo(TokenKind.RUNNER_AUTHENTICATION);
        assertThat(c.gitlab().url()).isEqualTo("https://gitlab.example.com");
        assertThat(c.toString()).doesNotContain("supersecret");
        assertThat(c.gitlab().token().masked()).isEqualTo("glrt-sup…");
    }

    @Test
    void aMissingEnvironmentVariableNamesTheSettingAndTheVariable() {
        assertThatThrownBy(() -> load("[gitlab]\ntoken = \"${NOT_SET_ANYWHERE}\"\n"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("gitlab.token")
                .hasMessageContaining("NOT_SET_ANYWHERE")
                .hasMessageContaining("orchestrator.toml");
    }

    @Test
    void fallbackAppliesWhenTheVariableIsUnset() throws IOException {
        assertThat(load("[gitlab]\ntoken = \"${NOT_SET_ANYWHERE:-}\"\n").gitlab().hasToken()).isFalse();
    }

    @Test
    void unknownKeyIsRejectedWithTheKnownOnes() {
        assertThatThrownBy(() -> load("[runner]\nimagee = \"x\"\n"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining(dir.resolve("orchestrator.toml").toString())
                .hasMessageContaining("runner.imagee is not a known setting")
                .hasMessageContaining("image, name, default_job_image");
    }

    @Test
    void unknownTableIsRejected() {
        assertThatThrownBy(() -> load("[runners]\nimage = \"x\"\n"))
                .hasMessageContaining("runners is not a known table")
                .hasMessageContaining("[runner]");
    }

    @Test
    void wrongTypeNamesTheExpectedTypeAndTheLine() {
        assertThatThrownBy(() -> load("[server]\n\nhttp_port = \"8800\"\n"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("server.http_port must be a whole number")
                .hasMessageContaining("(line 3)")
                .hasMessageContaining("the string \"8800\"");
    }

    @Test
    void malformedTomlIsReportedWithItsPosition() {
        assertThatThrownBy(() -> load("[runner\nimage = gitlab\n"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("is not valid TOML")
                .hasMessageContaining("line 1");
    }

    @Test
    void tagsWithARunnerAuthenticationTokenContradictEachOther() {
        assertThatThrownBy(() -> load("""
                [runner]
                tags = ["docker"]
                [gitlab]
                url = "https://gitlab.example.com"
                token = "glrt-abcdefghijklmnop"
                """))
                .hasMessageContaining("runner.tags")
                .hasMessageContaining("tags live on the GitLab server")
                .hasMessageNotContaining("abcdefghijklmnop");
    }

    @Test
    void credsStoreWithoutRegionIsRejected() {
        assertThatThrownBy(() -> load("[aws]\nregion = \"\"\necr_registries = []\n"))
                .hasMessageContaining("aws.region is empty")
                .hasMessageContaining("aws.ecr_registries");
    }

    @Test
    void registriesMustBeEcrHostsWithoutScheme() {
        assertThatThrownBy(() -> load("[aws]\necr_registries = [\"https://123456789012.dkr.ecr.eu-west-1.amazonaws.com\"]\n"))
                .hasMessageContaining("aws.ecr_registries")
                .hasMessageContaining("no https://");
        assertThatThrownBy(() -> load("[aws]\necr_registries = [\"docker.io\"]\n"))
                .hasMessageContaining("is not an Amazon ECR registry host");
    }

    @Test
    void localHelperNeedsAPath() {
        assertThatThrownBy(() -> load("[helper]\nsource = \"local\"\nlocal_path = \"\"\n"))
                .hasMessageContaining("helper.local_path is empty");
    }

    @Test
    void portsMustDifferAndBeInRange() {
        assertThatThrownBy(() -> load("[server]\nssh_port = 8800\n")).hasMessageContaining("server.ssh_port");
        assertThatThrownBy(() -> load("[server]\nhttp_port = 80800\n"))
                .hasMessageContaining("server.http_port = 80800 is not a port");
    }

    @Test
    void valuesAreValidated() {
        assertThatThrownBy(() -> load("[runner]\nrestart = \"sometimes\"\n"))
                .hasMessageContaining("runner.restart").hasMessageContaining("\"unless-stopped\"");
        assertThatThrownBy(() -> load("[server]\nready_timeout = \"soon\"\n"))
                .hasMessageContaining("server.ready_timeout");
        assertThatThrownBy(() -> load("[project]\nname = \"My Project\"\n"))
                .hasMessageContaining("project.name");
        assertThatThrownBy(() -> load("[runner]\njob_volumes = [\"relative:path\"]\n"))
                .hasMessageContaining("runner.job_volumes");
        assertThatThrownBy(() -> load("[server]\nroot_password = \"short\"\n"))
                .hasMessageContaining("server.root_password is shorter than 8");
    }

    @Test
    void serverEnvironmentIsATableOfStrings() throws IOException {
        OrchestratorConfig c = load("[server]\nenvironment = { TZ = \"Europe/Berlin\" }\n");
        assertThat(c.server().environment()).containsEntry("TZ", "Europe/Berlin");
        assertThatThrownBy(() -> load("[server]\nenvironment = { TZ = 1 }\n"))
                .hasMessageContaining("server.environment.TZ must be a string");
    }
}
