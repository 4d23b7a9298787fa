package dev.runnerops.orchestrator.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Engine addresses the shaded CLI refuses or reads before it dials, no second engine needed: ssh:// with the
 * documented alternatives, and every private-key form the docker CLI accepts in key.pem, read by the jar's
 * BouncyCastle (a refused port then proves the files were read: exit 4, not 3, and no NoClassDefFoundError).
 */
class EngineAddressIT {
    private TestProject project;

    @BeforeEach
    void setUp() throws Exception {
        project = TestProject.create();
    }

    @AfterEach
    void tearDown() throws Exception {
        project.close();
    }

    private Map<String, String> env(String host, Path certs) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("DOCKER_HOST", host);
        env.put("DOCKER_TLS_VERIFY", certs == null ? "" : "1");
        env.put("DOCKER_CERT_PATH", certs == null ? "" : certs.toString());
        env.put("DOCKER_CONTEXT", "");
        env.put("DOCKER_CONFIG", project.dir.toString());
        return env;
    }

    @Test
    void sshIsRefusedWithTheDocumentedAlternatives() throws IOException, InterruptedException {
        TestProject.CliResult r = project.cli(env("ssh://me@build-host", null), "status");
        assertThat(r.exitCode()).as(r.all()).isEqualTo(3);
        assertThat(r.stderr()).contains("ssh://me@build-host (from DOCKER_HOST) is reached over SSH",
                "ssh -NL /tmp/remote-docker.sock:/var/run/docker.sock me@build-host",
                "DOCKER_HOST=unix:///tmp/remote-docker.sock", "DOCKER_TLS_VERIFY=1");
    }

    private static void openssl(Path dir, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("openssl"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("openssl %s: %s", String.join(" ", args), out).isZero();
    }

    /** A folder with key.pem in the given form and a self-signed cert.pem (also ca.pem) for it. */
    private Path certs(String form) throws IOException, InterruptedException {
        Path dir = Files.createDirectory(project.dir.resolve(form));
        switch (form) {
            case "rsa-pkcs1" -> openssl(dir, "genrsa", "-traditional", "-out", "key.pem", "2048");
            case "rsa-pkcs8" -> openssl(dir, "genpkey", "-algorithm", "RSA", "-out", "key.pem");
            case "ec-sec1-with-parameters" -> openssl(dir, "ecparam", "-name", "prime256v1", "-genkey", "-out",
                    "key.pem");
            case "ec-pkcs8" -> openssl(dir, "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-384",
                    "-out", "key.pem");
            case "ed25519" -> openssl(dir, "genpkey", "-algorithm", "ed25519", "-out", "key.pem");
            case "rsa-encrypted" -> openssl(dir, "genpkey", "-algorithm", "RSA", "-aes256", "-pass",
                    "pass:not-a-secret-test-passphrase", "-out", "key.pem");
            default -> throw new IllegalArgumentException(form);
        }
        openssl(dir, "req", "-new", "-x509", "-days", "2", "-subj", "/CN=" + form, "-key", "key.pem", "-out",
                "cert.pem", "-passin", "pass:not-a-secret-test-passphrase");
        Files.copy(dir.resolve("cert.pem"), dir.resolve("ca.pem"));
        return dir;
    }

    @ParameterizedTest
    @ValueSource(strings = {"rsa-pkcs1", "rsa-pkcs8", "ec-sec1-with-parameters", "ec-pkcs8", "ed25519"})
    void everyKeyFormTheDockerCliAcceptsIsRead(String form) throws Exception {
        Path certs = certs(form);
        String host = "tcp://127.0.0.1:" + TestProject.freePort(); // nothing listens: refused after the files are read
        TestProject.CliResult r = project.cli(env(host, certs), "status");
        assertThat(r.all()).doesNotContain("NoClassDefFoundError", "unexpected");
        assertThat(r.exitCode()).as(r.all()).isEqualTo(4);
        assertThat(r.stderr()).contains("Cannot reach the Docker engine at " + host, "Connection refused");
    }

    @Test
    void anEncryptedKeyIsRefusedAsTheDockerCliRefusesIt() throws Exception {
        Path certs = certs("rsa-encrypted");
        TestProject.CliResult r = project.cli(env("tcp://127.0.0.1:" + TestProject.freePort(), certs), "status");
        assertThat(r.exitCode()).as(r.all()).isEqualTo(3);
        assertThat(r.stderr()).contains(certs.resolve("key.pem") + " holds an encrypted private key");
    }
}
