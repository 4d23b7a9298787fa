package dev.runnerops.orchestrator.engine;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import com.github.dockerjava.transport.SSLConfig;
import java.security.KeyManagementException;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;

/**
 * Creates the docker-java client with the Apache HttpClient 5 transport. The API version is left unset so the
 * daemon answers at its own version (Docker 20.10 to 29). No response timeout: streaming calls (logs -f,
 * builds, pulls) would be cut; callers bound their waits themselves.
 */
final class EngineConnector {
    private EngineConnector() {}

    record Connection(DockerClient client, String host) {}

    /** As the docker CLI would: DOCKER_HOST, DOCKER_TLS_VERIFY, DOCKER_CERT_PATH, DOCKER_CONTEXT. */
    static Connection fromEnvironment() {
        DockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder().build();
        SSLConfig ssl = config.getSSLConfig();
        if (ssl == null && "unix".equals(config.getDockerHost().getScheme())) {
            ssl = EngineConnector::noTlsContext;
        }
        ApacheDockerHttpClient http = new ApacheDockerHttpClient.Builder()
                .dockerHost(config.getDockerHost())
                .sslConfig(ssl)
                .maxConnections(32)
                .connectionTimeout(Duration.ofSeconds(5))
                .build();
        return new Connection(DockerClientImpl.getInstance(config, http), config.getDockerHost().toString());
    }

    /**
     * The HTTP client always sets up TLS, and without a context of ours it loads the JVM's CA store (~50 ms of
     * certificate parsing at every start). A Unix socket never speaks TLS: give it a context that trusts
     * nothing, so any attempt would fail rather than pass.
     */
    private static SSLContext noTlsContext() throws NoSuchAlgorithmException, KeyManagementException {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(new KeyManager[0], new TrustManager[0], null);
        return context;
    }
}
