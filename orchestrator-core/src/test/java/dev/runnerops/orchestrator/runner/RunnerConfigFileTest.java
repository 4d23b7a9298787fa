package dev.runnerops.orchestrator.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runnerops.orchestrator.config.Secret;
import dev.runnerops.orchestrator.engine.ExecResult;
import org.junit.jupiter.api.Test;

class RunnerConfigFileTest {
    /** As gitlab-runner 19 writes it: note the TOML datetimes. */
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
              environment = ["DOCKER_AUTH_CONFIG={\\"credsStore\\":\\"ecr-login\\"}"]
              [runners.cache]
                MaxUploadedArchiveSize = 0
              [runners.docker]
                tls_verify = false
                image = "alpine:3.22"
                privileged = true
                volumes = ["/s/cache:/cache", "/s/h:/usr/local/bin/docker-credential-ecr-login:ro"]
                network_mode = "net1"
                shm_size = 0
            """;

    @Test
    void readsTheEntriesTheRunnerWrites() {
        RunnerConfigFile file = RunnerConfigFile.parse(CONFIG, "config.toml");
        assertThat(file.runners()).singleElement().satisfies(r -> {
            assertThat(r.name()).isEqualTo("ci-1");
            assertThat(r.token().reveal()).isEqualTo("glrt-t3_abcdefghijklmnopq");
            assertThat(r.privileged()).isTrue();
            assertThat(r.networkMode()).isEqualTo("net1");
            assertThat(r.volumes()).hasSize(2);
            assertThat(r.environment()).containsExactly("DOCKER_AUTH_CONFIG={\"credsStore\":\"ecr-login\"}");
        });
    }

    @Test
    void findsByNameAndUrlIgnoringATrailingSlash() {
        RunnerConfigFile file = RunnerConfigFile.parse(CONFIG, "config.toml");
        assertThat(file.find("ci-1", "http://gitlab-server:8800")).hasSize(1);
        assertThat(file.find("ci-1", "http://other:8800")).isEmpty();
        assertThat(file.find("ci-2", "http://gitlab-server:8800")).isEmpty();
    }

    @Test
    void invalidFileIsReportedNotOverwritten() {
        assertThatThrownBy(() -> RunnerConfigFile.parse("[[runners]\nname=", "/x/config.toml"))
                .hasMessageContaining("/x/config.toml").hasMessageContaining("not valid TOML");
    }

    @Test
    void runnerMessageQuotesErrorsAndMasksTheToken() {
        Secret token = Secret.of("glrt-verysecretvalue123");
        ExecResult r = new ExecResult(1, "", """
                Runtime platform   arch=amd64 os=linux
                ERROR: Verifying runner... is not valid   runner=glrt-ver status=403 Forbidden token=glrt-verysecretvalue123
                PANIC: Failed to verify the runner.
                """);
        String message = RegisterRunnerStep.runnerMessage(r, token);
        assertThat(message).contains("is not valid", "403 Forbidden", "PANIC: Failed to verify the runner.")
                .doesNotContain("verysecretvalue").doesNotContain("Runtime platform");
    }
}
