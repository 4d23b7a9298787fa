package dev.runnerops.orchestrator.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.tomlj.Toml;
import org.tomlj.TomlParseResult;
import org.tomlj.TomlTable;

/**
 * Day two of a runner-only project: a changed setting reaches the runner's config.toml key by key, without a new
 * container or a new registration, and whatever the user added to the file stays.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RunnerConfigConvergenceIT {
    private static final String FIRST = "123456789012.dkr.ecr.eu-west-1.amazonaws.com";
    private static final String SECOND = "210987654321.dkr.ecr.eu-central-1.amazonaws.com";

    private TestProject project;
    private GitLabStandIn gitlab;
    /** How often the runner had loaded its configuration before {@code up} rewrote it. */
    private long loadsBeforeRewrite;

    @BeforeAll
    void setUp() throws Exception {
        project = TestProject.create();
        gitlab = new GitLabStandIn(project.name, Map.of());
        project.env.put("IT_RUNNER_TOKEN", gitlab.createRunnerToken());
        project.set("network", "name", gitlab.networkName).set("network", "external", true)
                .set("gitlab", "url", gitlab.url()).set("gitlab", "token", "${IT_RUNNER_TOKEN}")
                .set("runner", "concurrent", 7)
                .set("aws", "ecr_registries", List.of(FIRST)).write();
        TestProject.CliResult up = project.cli("up");
        assertThat(up.exitCode()).as(up.all()).isZero();
        assertThat(up.stdout()).contains("runner registration: registered");
    }

    @AfterAll
    void tearDown() throws Exception {
        project.cli("down");
        project.close();
        gitlab.close();
    }

    private TomlParseResult configToml() throws Exception {
        return Toml.parse(Files.readString(project.state().runnerConfigToml()));
    }

    private TomlTable entry() throws Exception {
        return configToml().getArray("runners").getTable(0);
    }

    @Test
    @Order(1)
    void registrationWroteTheConfiguredConcurrency() throws Exception {
        assertThat(configToml().getLong("concurrent")).isEqualTo(7);
        assertThat(entry().getArray("environment").toList()).anyMatch(e -> e.toString().contains(FIRST));
    }

    @Test
    @Order(2)
    void aChangedRegistryListReachesConfigTomlWithoutANewContainerOrRegistration() throws Exception {
        // The user's own additions: a key in the entry, and a line in the file's global part.
        String text = Files.readString(project.state().runnerConfigToml());
        Files.writeString(project.state().runnerConfigToml(), text.replace("  executor = \"docker\"",
                "  executor = \"docker\"\n  limit = 3"));
        String token = entry().getString("token");
        loadsBeforeRewrite = awaitConfigurationLoads(2); // the registration's file, then the user's edit
        String runnerId = TestDocker.inspect(project.runnerContainer()).getId();
        int runnersInGitLab = gitlab.runners().size();

        project.set("aws", "ecr_registries", List.of(SECOND)).write();
        TestProject.CliResult status = project.cli("status", "--json");
        assertThat(new ObjectMapper().readTree(status.stdout()).get("runnerConfigDrift").toString())
                .contains("environment");

        TestProject.CliResult up = project.cli("up");
        assertThat(up.exitCode()).as(up.all()).isZero();
        assertThat(up.stdout()).contains("runner registration: already registered")
                .contains("runner config: updated (environment)");

        TomlTable entry = entry();
        assertThat(entry.getString("token")).isEqualTo(token);
        assertThat(entry.getLong("limit")).isEqualTo(3);
        assertThat(configToml().getLong("concurrent")).isEqualTo(7);
        String auth = entry.getArray("environment").toList().stream().map(Object::toString)
                .filter(e -> e.startsWith("DOCKER_AUTH_CONFIG=")).findFirst().orElseThrow();
        assertThat(auth).isEqualTo("DOCKER_AUTH_CONFIG={\"credHelpers\":{\"" + SECOND + "\":\"ecr-login\"}}");
        assertThat(Files.readString(project.state().jobDockerConfig())).contains(SECOND).doesNotContain(FIRST);
        assertThat(TestDocker.inspect(project.runnerContainer()).getId()).isEqualTo(runnerId);
        assertThat(configToml().getArray("runners").size()).isEqualTo(1);
        assertThat(gitlab.runners()).hasSize(runnersInGitLab);
        assertThat(Files.getPosixFilePermissions(project.state().runnerConfigToml()))
                .containsExactlyInAnyOrder(java.nio.file.attribute.PosixFilePermission.OWNER_READ,
                        java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
    }

    @Test
    @Order(3)
    void theRunnerReReadsItsConfigurationByItself() throws Exception {
        // gitlab-runner reloads config.toml when it changes on disk; its log says so.
        assertThat(awaitConfigurationLoads(loadsBeforeRewrite + 1)).isGreaterThan(loadsBeforeRewrite);
    }

    /** Waits until the runner's log has at least {@code count} "Configuration loaded" lines (30 s at most). */
    private long awaitConfigurationLoads(long count) throws Exception {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
        long seen = 0;
        while (System.nanoTime() < deadline) {
            TestProject.CliResult logs = project.cli("logs", "runner");
            seen = logs.stdout().lines().filter(l -> l.contains("Configuration loaded")).count();
            if (seen >= count) {
                return seen;
            }
            Thread.sleep(500);
        }
        return seen;
    }

    @Test
    @Order(4)
    void aSecondUpFindsNothingToRewriteAndStatusShowsNoDrift() throws Exception {
        byte[] before = Files.readAllBytes(project.state().runnerConfigToml());
        TestProject.CliResult up = project.cli("up");
        assertThat(up.exitCode()).as(up.all()).isZero();
        assertThat(up.stdout()).contains("runner config: unchanged");
        assertThat(Files.readAllBytes(project.state().runnerConfigToml())).isEqualTo(before);
        TestProject.CliResult status = project.cli("status");
        assertThat(status.stdout()).doesNotContain("differs from the configuration");
    }

    @Test
    @Order(5)
    void withNoRegistryListedUpWarnsOnceWhatCredsStoreCovers() throws Exception {
        project.set("aws", "ecr_registries", List.of()).write();
        TestProject.CliResult up = project.cli("up");
        assertThat(up.exitCode()).as(up.all()).isZero();
        assertThat(up.stderr().lines().filter(l -> l.startsWith("warning: aws.ecr_registries is empty")).count())
                .isEqualTo(1);
        assertThat(up.stderr()).contains("`list`", "another account or region");
        assertThat(entry().getArray("environment").toList())
                .contains("DOCKER_AUTH_CONFIG={\"credsStore\":\"ecr-login\"}");
    }
}
