package dev.runnerops.orchestrator.engine;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import com.github.dockerjava.transport.SSLConfig;
import dev.runnerops.orchestrator.errors.ConfigurationException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.Socket;
import java.nio.file.Path;
import java.security.KeyManagementException;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;

/**
 * Creates the docker-java client with the Apache HttpClient 5 transport for a resolved {@link EngineEndpoint}.
 * docker-java's own resolution (DefaultDockerClientConfig) is not used for the address or TLS: it ignores an
 * unknown context silently, mixes DOCKER_HOST with a context's TLS files, and reads PEM files through
 * BouncyCastle registered as a JCE provider. The API version is left unset so the daemon answers at its own
 * version (Docker 20.10 to 29). No response timeout: streaming calls (logs -f, builds, pulls) would be cut;
 * callers bound their waits themselves.
 */
final class EngineConnector {
    /**
     * Bounds connecting to a socket or plain TCP. Not given to the HTTP client for TLS: HttpClient 5.5.1 binds
     * the TLS socket while the handshake timeout (the connect timeout by default) is set on it and keeps that
     * as the connection's read timeout, so any call the engine answers after 5 s (stopping a container, a
     * build, logs -f) would fail with "Read timed out". {@link #probe} bounds the connect there instead.
     */
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

    private EngineConnector() {}

    record Connection(DockerClient client, EngineEndpoint endpoint) {}

    static Connection connect(EngineEndpoint endpoint, Path dockerConfigDir) {
        refuseUnsupported(endpoint);
        SSLContext tls = switch (endpoint.tls()) {
            case VERIFY -> PemTls.context(endpoint);
            // the HTTP client treats any context as "use https", so plain TCP must get none
            case NONE -> "tcp".equals(endpoint.scheme()) ? null : noTlsContext();
            case NO_VERIFY -> throw new IllegalStateException("refused above");
        };
        SSLConfig ssl = () -> tls;
        DockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder()
                .withDockerHost(endpoint.host().toString())
                .withDockerConfig(dockerConfigDir.toString()) // registry logins of config.json, as before
                .withCustomSslConfig(() -> tls) // never read: the HTTP client below has its own
                .build();
        ApacheDockerHttpClient http = new ApacheDockerHttpClient.Builder()
                .dockerHost(endpoint.host())
                .sslConfig(tls == null ? null : ssl)
                .maxConnections(32)
                .connectionTimeout(tls == null ? CONNECT_TIMEOUT : null)
                .build();
        return new Connection(DockerClientImpl.getInstance(config, http), endpoint);
    }

    /**
     * For TCP endpoints: one plain connect with {@link #CONNECT_TIMEOUT}, so an engine that is down or
     * unreachable is reported within seconds rather than after the operating system gives up.
     */
    static void probe(EngineEndpoint endpoint) throws IOException {
        if ("tcp".equals(endpoint.scheme())) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(endpoint.host().getHost(), endpoint.host().getPort()),
                        (int) CONNECT_TIMEOUT.toMillis());
            }
        }
    }

    /**
     * What the transport cannot do is refused before anything is tried. docker-java's HttpClient 5 transport
     * (ApacheDockerHttpClientImpl) dials unix, npipe and tcp only: the docker CLI's {@code ssh://} runs
     * {@code ssh HOST docker system dial-stdio} for each connection (docker/cli {@code cli/connhelper}), which
     * it has no equivalent for.
     */
    private static void refuseUnsupported(EngineEndpoint endpoint) {
        String where = "The Docker engine at " + endpoint.describe() + " (from " + endpoint.origin() + ")";
        switch (endpoint.scheme()) {
            case "unix", "npipe", "tcp" -> { }
            case "ssh" -> throw new ConfigurationException(endpoint.origin(), endpoint.host().toString(), where
                    + " is reached over SSH, which this tool cannot do: its Docker client dials unix:// and tcp:// "
                    + "only, not `ssh ... docker system dial-stdio` as the docker CLI does. Forward the remote "
                    + "socket instead, `ssh -NL /tmp/remote-docker.sock:/var/run/docker.sock "
                    + sshTarget(endpoint) + "`, then DOCKER_HOST=unix:///tmp/remote-docker.sock; or have the "
                    + "engine listen on TCP with TLS (dockerd --tlsverify -H tcp://0.0.0.0:2376) and set "
                    + "DOCKER_HOST=tcp://HOST:2376, DOCKER_TLS_VERIFY=1 and DOCKER_CERT_PATH (or a context "
                    + "made with `docker context create`).");
            default -> throw new ConfigurationException(endpoint.origin(), endpoint.host().toString(), where
                    + " uses " + endpoint.scheme() + "://, which this tool cannot dial. Use unix:///path/to/"
                    + "docker.sock or tcp://HOST:2376 with TLS.");
        }
        if (endpoint.tls() == EngineEndpoint.Tls.NO_VERIFY) {
            throw new ConfigurationException(endpoint.origin(), endpoint.host().toString(), where + " asks for "
                    + "TLS without verifying the engine's certificate (DOCKER_TLS without DOCKER_TLS_VERIFY, or a "
                    + "context with skip-tls-verify), which this tool does not do: anyone in between could "
                    + "impersonate the engine. Set DOCKER_TLS_VERIFY=1 with ca.pem, cert.pem and key.pem in "
                    + "DOCKER_CERT_PATH, or create the context with ca=, cert= and key=.");
        }
    }

    private static String sshTarget(EngineEndpoint endpoint) {
        URI u = endpoint.host();
        if (u.getHost() == null) {
            return "USER@HOST";
        }
        return (u.getPort() > 0 ? "-p " + u.getPort() + " " : "") + (u.getUserInfo() == null ? "" : u.getUserInfo()
                + "@") + u.getHost();
    }

    /**
     * The HTTP client always sets up TLS, and without a context of ours it loads the JVM's CA store (~50 ms of
     * certificate parsing at every start). A Unix socket never speaks TLS: give it a context that trusts
     * nothing, so any attempt would fail rather than pass.
     */
    private static SSLContext noTlsContext() {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(new KeyManager[0], new TrustManager[0], null);
            return context;
        } catch (NoSuchAlgorithmException | KeyManagementException e) {
            throw new IllegalStateException("TLS is missing from this JVM", e);
        }
    }
}
