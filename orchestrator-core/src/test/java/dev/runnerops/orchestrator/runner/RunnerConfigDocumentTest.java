package dev.runnerops.orchestrator.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runnerops.orchestrator.plan.RunnerConfigSpec;
import dev.runnerops.orchestrator.plan.RunnerEntrySpec;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tomlj.Toml;
import org.tomlj.TomlParseResult;

class RunnerConfigDocumentTest {
    /** As gitlab-runner 19 writes it (note the TOML datetimes), plus what a user added: limit, FOO, a second runner. */
    static final String CONFIG = """
            concurrent = 1
            check_interval = 0
            connection_max_age = "15m0s"
            shutdown_timeout = 0

            [session_server]
              session_timeout = 1800

            [[runners]]
              name = "ci-1"
              url = "http://gitlab-server:8800/"
              id = 3
              token = "glrt-t3_abcdefghijklmnopq"
              token_obtained_at = 2026-11-25T20:15:51Z
              token_expires_at = 0001-01-01T00:00:00Z
              executor = "docker"
              limit = 3
              environment = ["DOCKER_AUTH_CONFIG={\\"credsStore\\":\\"ecr-login\\"}", "FOO=bar", "AWS_REGION=eu-west-1"]
              [runners.cache]
                MaxUploadedArchiveSize = 0
                [runners.cache.s3]
              [runners.docker]
                tls_verify = false
                image = "alpine:3.22"
                privileged = true
                volumes = ["/s/cache:/cache", "/s/h:/usr/local/bin/docker-credential-ecr-login:ro"]
                network_mode = "net1"
                shm_size = 0
                [[runners.docker.services]]
                  name = "docker:27-dind"

            [[runners]]
              name = "someone-elses"
              url = "https://gitlab.example.com"
              token = "glrt-other"
              executor = "shell"
            """;

    private static RunnerConfigSpec spec(List<String> env, List<String> volumes, int concurrent) {
        return new RunnerConfigSpec(concurrent, new RunnerEntrySpec("ci-1", "http://gitlab-server:8800", "docker",
                "alpine:3.22", true, volumes, "net1", env, List.of()));
    }

    private static final List<String> SAME_ENV = List.of("DOCKER_AUTH_CONFIG={\"credsStore\":\"ecr-login\"}",
            "AWS_REGION=eu-west-1");
    private static final List<String> SAME_VOLUMES = List.of("/s/cache:/cache",
            "/s/h:/usr/local/bin/docker-credential-ecr-login:ro");

    @Test
    void readsTheEntriesTheRunnerWrites() {
        RunnerConfigDocument doc = RunnerConfigDocument.parse(CONFIG, "config.toml");
        assertThat(doc.runners()).extracting(RunnerEntry::name).containsExactly("ci-1", "someone-elses");
        assertThat(doc.runners().get(0).token().reveal()).isEqualTo("glrt-t3_abcdefghijklmnopq");
    }

    @Test
    void findsByNameAndUrlIgnoringATrailingSlash() {
        RunnerConfigDocument doc = RunnerConfigDocument.parse(CONFIG, "config.toml");
        assertThat(doc.find("ci-1", "http://gitlab-server:8800")).hasSize(1);
        assertThat(doc.find("ci-1", "http://other:8800")).isEmpty();
        assertThat(doc.find("ci-2", "http://gitlab-server:8800")).isEmpty();
    }

    @Test
    void invalidFileIsReportedNotOverwritten() {
        assertThatThrownBy(() -> RunnerConfigDocument.parse("[[runners]\nname=", "/x/config.toml"))
                .hasMessageContaining("/x/config.toml").hasMessageContaining("not valid TOML");
    }

    @Test
    void aFileThatMatchesThePlanIsLeftAlone() {
        RunnerConfigDocument doc = RunnerConfigDocument.parse(CONFIG, "config.toml");
        assertThat(doc.apply(spec(SAME_ENV, SAME_VOLUMES, 1))).isEmpty();
    }

    @Test
    void changedRegistriesRewriteOnlyTheOwnedEnvironmentEntryInPlace() {
        RunnerConfigDocument doc = RunnerConfigDocument.parse(CONFIG, "config.toml");
        List<String> env = List.of("DOCKER_AUTH_CONFIG={\"credHelpers\":{\"1.dkr.ecr.eu-west-1.amazonaws.com\":"
                + "\"ecr-login\"}}", "AWS_REGION=eu-west-1");
        assertThat(doc.apply(spec(env, SAME_VOLUMES, 1))).containsExactly("environment");
        TomlParseResult written = Toml.parse(doc.text());
        assertThat(written.errors()).isEmpty();
        assertThat(written.getArray("runners").getTable(0).getArray("environment").toList())
                .containsExactly(env.get(0), "FOO=bar", "AWS_REGION=eu-west-1");
    }

    @Test
    void keysAndEntriesTheToolDoesNotOwnSurviveARewrite() {
        RunnerConfigDocument doc = RunnerConfigDocument.parse(CONFIG, "config.toml");
        assertThat(doc.apply(spec(SAME_ENV, List.of("/s/cache:/cache"), 7)))
                .containsExactly("concurrent", "docker.volumes");
        String text = doc.text();
        TomlParseResult written = Toml.parse(text);
        var entry = written.getArray("runners").getTable(0);
        assertThat(written.getLong("concurrent")).isEqualTo(7);
        assertThat(entry.getString("token")).isEqualTo("glrt-t3_abcdefghijklmnopq");
        assertThat(entry.getLong("limit")).isEqualTo(3);
        assertThat(entry.getArray("docker.volumes").toList()).containsExactly("/s/cache:/cache");
        assertThat(entry.getArray("docker.services").getTable(0).getString("name")).isEqualTo("docker:27-dind");
        assertThat(written.getArray("runners").getTable(1).getString("token")).isEqualTo("glrt-other");
        assertThat(written.getString("connection_max_age")).isEqualTo("15m0s");
        // gitlab-runner reads token_obtained_at as a time: it must stay a TOML datetime, not become a string.
        assertThat(entry.isOffsetDateTime("token_obtained_at")).isTrue();
        assertThat(text).contains("token_obtained_at = 2026-11-25T20:15:51Z");
        // A second pass finds nothing more to do.
        assertThat(RunnerConfigDocument.parse(text, "config.toml").apply(spec(SAME_ENV, List.of("/s/cache:/cache"), 7)))
                .isEmpty();
    }

    @Test
    void anEmptyNetworkModeRemovesTheKey() {
        RunnerConfigDocument doc = RunnerConfigDocument.parse(CONFIG, "config.toml");
        RunnerConfigSpec spec = new RunnerConfigSpec(1, new RunnerEntrySpec("ci-1", "http://gitlab-server:8800",
                "docker", "alpine:3.22", true, SAME_VOLUMES, "", SAME_ENV, List.of()));
        assertThat(doc.apply(spec)).containsExactly("docker.network_mode");
        assertThat(Toml.parse(doc.text()).getArray("runners").getTable(0).contains("docker.network_mode")).isFalse();
    }

    @Test
    void aRegionRemovedFromTheConfigurationLeavesTheEnvironment() {
        RunnerConfigDocument doc = RunnerConfigDocument.parse(CONFIG, "config.toml");
        assertThat(doc.apply(spec(List.of(SAME_ENV.get(0)), SAME_VOLUMES, 1))).containsExactly("environment");
        assertThat(Toml.parse(doc.text()).getArray("runners").getTable(0).getArray("environment").toList())
                .containsExactly(SAME_ENV.get(0), "FOO=bar");
    }

    @Test
    void anUnregisteredRunnerChangesNothing() {
        RunnerConfigDocument doc = RunnerConfigDocument.parse(CONFIG, "config.toml");
        RunnerConfigSpec other = new RunnerConfigSpec(9, new RunnerEntrySpec("nope", "http://x", "docker", "a", true,
                List.of(), "", List.of(), List.of()));
        assertThat(doc.apply(other)).isEmpty();
    }

    @Test
    void removingAnEntryKeepsTheOthers() {
        RunnerConfigDocument doc = RunnerConfigDocument.parse(CONFIG, "config.toml");
        assertThat(doc.remove("ci-1", "http://gitlab-server:8800")).isEqualTo(1);
        assertThat(RunnerConfigDocument.parse(doc.text(), "x").runners()).extracting(RunnerEntry::name)
                .containsExactly("someone-elses");
    }
}
