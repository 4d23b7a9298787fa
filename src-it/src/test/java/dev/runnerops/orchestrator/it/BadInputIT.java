package dev.runnerops.orchestrator.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Each bad input gives its promised error (naming the setting and the fix), exit code 1, and leaves nothing
 * half-made: no container, no network, no state created, config.toml as it was. Through the real CLI.
 */
class BadInputIT {
    private TestProject project;

    @BeforeEach
    void setUp() throws Exception {
        project = TestProject.create();
    }

    @AfterEach
    void tearDown() throws Exception {
        project.close();
    }

    private void assertNothingCreated() {
        assertThat(TestDocker.projectContainers(project.name)).isEmpty();
        assertThat(TestDocker.projectNetworks(project.name)).isEmpty();
    }

    @Test
    void missingCredentialsFile() throws Exception {
        Path missing = project.dir.resolve("no-such-credentials");
        project.set("aws", "credentials_file", missing.toString()).write();
        TestProject.CliResult r = project.cli("up");
        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(r.stderr()).contains("aws.credentials_file", missing.toString(), "does not exist",
                project.configFile.toString());
        assertNothingCreated();
        assertThat(missing).doesNotExist();
        assertThat(project.state().root()).doesNotExist();
    }

    @Test
    void credentialsPathIsAFolder() throws Exception {
        Path folder = Files.createDirectory(project.dir.resolve("creds-folder"));
        project.set("aws", "credentials_file", folder.toString()).write();
        TestProject.CliResult r = project.cli("up");
        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(r.stderr()).contains("aws.credentials_file", "is a folder, but must be a file");
        assertNothingCreated();
    }

    @Test
    void malformedToml() throws Exception {
        Files.writeString(project.configFile, "[runner\nimage = gitlab\n");
        TestProject.CliResult r = project.cli("up");
        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(r.stderr()).contains(project.configFile.toString(), "is not valid TOML", "line 1");
        assertNothingCreated();
    }

    @Test
    void unknownKey() throws Exception {
        project.set("runner", "imagee", "x").write();
        TestProject.CliResult r = project.cli("up");
        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(r.stderr()).contains("runner.imagee is not a known setting", "fix the spelling or remove it");
        assertNothingCreated();
    }

    @Test
    void usageErrorExitsWithTwo() throws Exception {
        TestProject.CliResult r = project.cli("up", "--no-such-flag");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.stderr()).contains("--no-such-flag");
    }

    @Test
    void noDockerEngineAtDockerHost() throws Exception {
        Path socket = project.dir.resolve("no-engine.sock");
        TestProject.CliResult r = project.cli(Map.of("DOCKER_HOST", "unix://" + socket), "up");
        assertThat(r.exitCode()).isEqualTo(4);
        assertThat(r.stderr()).contains("Cannot reach the Docker engine at unix://" + socket, "DOCKER_HOST");
        assertThat(r.stderr()).doesNotContain("Exception");
        assertNothingCreated();
    }

    @Test
    void badTokenQuotesTheRunnerAndLeavesConfigTomlAsItWas() throws Exception {
        try (GitLabStandIn gitlab = new GitLabStandIn(project.name, Map.of())) {
            String badToken = "glrt-notknownbythisgitlab";
            String userConfig = "concurrent = 4  # edited by hand\n";
            Files.createDirectories(project.state().runnerConfigDir());
            Files.writeString(project.state().runnerConfigToml(), userConfig);
            project.env.put("IT_TOKEN", badToken);
            project.set("network", "name", gitlab.networkName).set("network", "external", true)
                    .set("gitlab", "url", gitlab.url()).set("gitlab", "token", "${IT_TOKEN}").write();
            TestProject.CliResult r = project.cli("up");
            assertThat(r.exitCode()).isEqualTo(1);
            assertThat(r.stderr()).contains("gitlab-runner register failed", "Verifying runner... is not valid",
                    "check gitlab.token", "Removed what this run created");
            assertThat(r.all()).doesNotContain(badToken);
            assertThat(Files.readString(project.state().runnerConfigToml())).isEqualTo(userConfig);
            assertNothingCreated();
        }
    }

    @Test
    void unreachableGitLab() throws Exception {
        project.env.put("IT_TOKEN", "glrt-whatever-token-value");
        project.set("gitlab", "url", "http://gitlab.invalid").set("gitlab", "token", "${IT_TOKEN}").write();
        TestProject.CliResult r = project.cli("up");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.stderr()).contains("gitlab-runner register failed", "cannot reach http://gitlab.invalid",
                "gitlab.url");
        assertThat(project.state().runnerConfigToml()).doesNotExist();
        assertNothingCreated();
    }

    @Test
    void legacyRegistrationTokenIsRefusedWhereGitLabDisabledIt() throws Exception {
        try (GitLabStandIn gitlab = new GitLabStandIn(project.name, Map.of())) {
            project.env.put("IT_TOKEN", "GR1348941legacytoken");
            project.set("network", "name", gitlab.networkName).set("network", "external", true)
                    .set("gitlab", "url", gitlab.url()).set("gitlab", "token", "${IT_TOKEN}").write();
            TestProject.CliResult r = project.cli("up");
            assertThat(r.exitCode()).isEqualTo(1);
            assertThat(r.stderr()).contains("410", "legacy registration tokens disabled", "glrt-");
            assertThat(r.all()).doesNotContain("GR1348941legacytoken");
            assertNothingCreated();
        }
    }
}
