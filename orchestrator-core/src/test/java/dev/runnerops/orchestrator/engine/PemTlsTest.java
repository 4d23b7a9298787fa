package dev.runnerops.orchestrator.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.runnerops.orchestrator.errors.ConfigurationException;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which TLS files must exist, as the docker CLI decides it, and what the messages name. Reading real key forms
 * through the shaded jar is EngineAddressIT's; a handshake with a real engine, RemoteEngineIT's.
 */
class PemTlsTest {
    @TempDir
    Path dir;

    private final URI host = URI.create("tcp://build-host:2376");

    private EngineEndpoint fromEnvironment() {
        return new EngineEndpoint(host, EngineEndpoint.Tls.VERIFY, Optional.of(dir), "default",
                "DOCKER_HOST with DOCKER_TLS_VERIFY");
    }

    private EngineEndpoint fromContext() {
        return new EngineEndpoint(host, EngineEndpoint.Tls.VERIFY, Optional.of(dir), "build-host",
                "--context build-host");
    }

    private void write(String... files) throws IOException {
        for (String f : files) {
            Files.writeString(dir.resolve(f), "not PEM");
        }
    }

    @Test
    void withDockerCertPathTheCaMustExist() throws IOException {
        write("cert.pem", "key.pem");
        assertThatThrownBy(() -> PemTls.context(fromEnvironment())).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("The Docker engine at tcp://build-host:2376 (from DOCKER_HOST with "
                        + "DOCKER_TLS_VERIFY) is reached with TLS, but " + dir.resolve("ca.pem"))
                .hasMessageContaining("point DOCKER_CERT_PATH at the folder");
    }

    @Test
    void aCertificateWithoutItsKeyIsNamed() throws IOException {
        write("ca.pem", "cert.pem");
        assertThatThrownBy(() -> PemTls.context(fromEnvironment()))
                .hasMessageContaining(dir.resolve("key.pem") + " (the private key of " + dir.resolve("cert.pem"));
        Files.delete(dir.resolve("cert.pem"));
        write("key.pem");
        assertThatThrownBy(() -> PemTls.context(fromEnvironment()))
                .hasMessageContaining(dir.resolve("cert.pem") + " (the client certificate of ");
    }

    @Test
    void unreadableFilesAreNamedAndAContextWithoutCaTrustsTheJvmsCas() throws IOException {
        write("cert.pem", "key.pem");
        // a context may come without ca.pem (docker/cli context/docker/load.go: system roots): no complaint about
        // it, but the unreadable client certificate is named
        ConfigurationException e = catchThrowableOfType(() -> PemTls.context(fromContext()),
                ConfigurationException.class);
        assertThat(e.getMessage()).startsWith("Cannot read " + dir.resolve("cert.pem") + " (PEM certificates) for "
                + "the Docker engine at tcp://build-host:2376 (Docker context build-host)");
        assertThat(e.setting()).isEqualTo("--context build-host");
    }

    @Test
    void withoutClientFilesAContextConnectsWithTheJvmsCas() {
        assertThat(PemTls.context(fromContext())).isNotNull();
    }
}
