package dev.runnerops.orchestrator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.runnerops.orchestrator.api.Orchestrator;
import dev.runnerops.orchestrator.config.Mode;
import dev.runnerops.orchestrator.errors.OperationException;
import dev.runnerops.orchestrator.event.ProgressEvent;
import dev.runnerops.orchestrator.event.StepKind;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code helper.source = "release"} against a release bucket on loopback (an HTTP server in this test, the
 * download runs in this JVM) that serves Debian's docker-credential-ecr-login under the official layout
 * ({@code <version>/<os>-<arch>/docker-credential-ecr-login}). The engine's architecture picks the file; the
 * runner mounts what was downloaded and runs it.
 */
class HelperReleaseIT {
    private static final Path DEBIAN_HELPER = Path.of("/usr/bin/docker-credential-ecr-login");

    private HttpServer server;
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private TestProject project;
    private String arch;

    @BeforeEach
    void setUp() throws Exception {
        byte[] binary = Files.readAllBytes(DEBIAN_HELPER);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/releases/", exchange -> {
            requests.add(exchange.getRequestURI().getPath());
            try (exchange) {
                if (!exchange.getRequestURI().getPath().matches("/releases/0\\.11\\.0/linux-(amd64|arm64)/"
                        + "docker-credential-ecr-login")) {
                    exchange.sendResponseHeaders(404, -1);
                    return;
                }
                exchange.sendResponseHeaders(200, binary.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(binary);
                }
            }
        });
        server.start();
        project = TestProject.create();
        project.set("helper", "source", "release")
                .set("helper", "release_url", "http://127.0.0.1:" + server.getAddress().getPort()
                        + "/releases/{version}/{os}-{arch}/docker-credential-ecr-login")
                .set("helper", "sha256", sha256(DEBIAN_HELPER)).write();
        arch = switch (TestDocker.client().infoCmd().exec().getArchitecture()) {
            case "x86_64" -> "amd64";
            case "aarch64" -> "arm64";
            default -> throw new IllegalStateException("the tests run on amd64 or arm64 engines");
        };
    }

    @AfterEach
    void tearDown() throws Exception {
        project.close();
        server.stop(0);
    }

    private void up() {
        try (Orchestrator o = project.orchestrator()) {
            o.up(Mode.RUNNER_ONLY);
        }
    }

    @Test
    void downloadsTheEnginesFileVerifiesItMountsItAndASecondUpDownloadsNothing() throws Exception {
        up();
        String sum = sha256(DEBIAN_HELPER);
        Path helper = project.state().helperBinary("release-v0.11.0-linux-" + arch + "-" + sum);
        assertThat(requests).containsExactly("/releases/0.11.0/linux-" + arch + "/docker-credential-ecr-login");
        assertThat(sha256(helper)).isEqualTo(sum);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(helper))).isEqualTo("rwxr-xr-x");
        assertThat(project.outcomes(StepKind.HELPER, "v0.11.0")).singleElement()
                .satisfies(o -> assertThat(o).startsWith("downloaded (linux-" + arch + ", "));
        long size = Files.size(DEBIAN_HELPER);
        assertThat(project.events).anyMatch(e -> e instanceof ProgressEvent.Transfer t
                && t.step().kind() == StepKind.HELPER && t.current() == size && t.total() == size);
        assertThat(TestDocker.inspect(project.runnerContainer()).getMounts())
                .anyMatch(m -> m.getSource().equals(helper.toString()) && !m.getRW());
        TestDocker.ExecOutput version = TestDocker.exec(project.runnerContainer(), "docker-credential-ecr-login",
                "version");
        assertThat(version.exitCode()).isZero();

        long modified = Files.getLastModifiedTime(helper).toMillis();
        project.events.clear();
        up();
        assertThat(requests).hasSize(1);
        assertThat(project.outcomes(StepKind.HELPER, "v0.11.0")).containsExactly("reused (linux-" + arch + ")");
        assertThat(project.events).noneMatch(e -> e instanceof ProgressEvent.Transfer);
        assertThat(Files.getLastModifiedTime(helper).toMillis()).isEqualTo(modified);
    }

    @Test
    void aWrongSumIsRefusedWithBothSumsAndNothingIsKeptOrCreated() throws Exception {
        String wrong = "0123456789abcdef".repeat(4);
        project.set("helper", "sha256", wrong).write();
        try (Orchestrator o = project.orchestrator()) {
            assertThatThrownBy(() -> o.up(Mode.RUNNER_ONLY))
                    .isInstanceOf(OperationException.class)
                    .hasMessageContaining("has SHA-256 " + sha256(DEBIAN_HELPER))
                    .hasMessageContaining("but " + wrong + " was expected (from helper.sha256)");
        }
        assertThat(requests).hasSize(1);
        try (Stream<Path> files = Files.list(project.state().helperDir())) {
            assertThat(files).isEmpty();
        }
        assertThat(TestDocker.projectContainers(project.name)).isEmpty();
        assertThat(TestDocker.projectNetworks(project.name)).isEmpty();
    }

    @Test
    void anUnknownVersionWithoutASumIsRefusedBeforeAnythingHappens() throws Exception {
        project.set("helper", "version", "v0.99.0").set("helper", "sha256", "").write();
        TestProject.CliResult r = project.cli("up");
        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(r.stderr()).contains("helper.sha256 is empty", "helper.version = \"v0.99.0\"",
                "helper.source = \"build\"");
        assertThat(requests).isEmpty();
        assertThat(TestDocker.projectContainers(project.name)).isEmpty();
        assertThat(TestDocker.projectNetworks(project.name)).isEmpty();
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }
}
