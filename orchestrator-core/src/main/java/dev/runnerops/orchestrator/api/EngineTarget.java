package dev.runnerops.orchestrator.api;

import java.net.URI;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Which Docker engine to work on, named the way the docker CLI names one. Immutable; nothing is read or
 * dialled until {@link EngineConnection#of} resolves it.
 *
 * <ul>
 * <li>{@link #environment()}: what {@code docker} uses without flags: DOCKER_HOST (with DOCKER_TLS_VERIFY and
 * DOCKER_CERT_PATH), else DOCKER_CONTEXT, else config.json's currentContext (in DOCKER_CONFIG or ~/.docker),
 * else {@code unix:///var/run/docker.sock};</li>
 * <li>{@link #context(String)}: what {@code docker --context NAME} uses;</li>
 * <li>{@link #host(URI)} and {@link #tlsHost(URI, Path)}: an address given outright, no environment read.</li>
 * </ul>
 */
public final class EngineTarget {
    private final String context;
    private final URI host;
    private final Path tlsCertPath;
    /** What named the address, for messages; null: the caller of {@link EngineConnection#of}. */
    private final String origin;

    private EngineTarget(String context, URI host, Path tlsCertPath, String origin) {
        this.context = context;
        this.host = host;
        this.tlsCertPath = tlsCertPath;
        this.origin = origin;
    }

    private EngineTarget(String context, URI host, Path tlsCertPath) {
        this(context, host, tlsCertPath, null);
    }

    /**
     * The same engine, with what named its address for messages, such as {@code host of [[hosts]] build-1 in
     * orchestrator.toml}: errors then say where to fix it.
     */
    public EngineTarget namedBy(String origin) {
        return new EngineTarget(context, host, tlsCertPath, Objects.requireNonNull(origin, "origin"));
    }

    /** What named the address, when {@link #namedBy} said. */
    public Optional<String> origin() {
        return Optional.ofNullable(origin);
    }

    /** The engine the docker CLI uses without flags. */
    public static EngineTarget environment() {
        return new EngineTarget(null, null, null);
    }

    /** The engine of a Docker context, as {@code docker --context NAME}; {@code default} is the environment's. */
    public static EngineTarget context(String name) {
        if (Objects.requireNonNull(name, "name").isBlank()) {
            throw new IllegalArgumentException("a context name must not be blank");
        }
        return new EngineTarget(name, null, null);
    }

    /** A Unix socket or a plain TCP address, such as {@code unix:///var/run/docker.sock}. */
    public static EngineTarget host(URI host) {
        return new EngineTarget(null, Objects.requireNonNull(host, "host"), null);
    }

    /**
     * A TCP address reached with verified TLS, such as {@code tcp://build-host:2376}: the engine's certificate
     * must be signed by {@code certPath/ca.pem}; {@code cert.pem} and {@code key.pem} there are the client's.
     */
    public static EngineTarget tlsHost(URI host, Path certPath) {
        return new EngineTarget(null, Objects.requireNonNull(host, "host"), Objects.requireNonNull(certPath,
                "certPath"));
    }

    /** The context named, when this target names one. */
    public Optional<String> contextName() {
        return Optional.ofNullable(context);
    }

    /** The address given outright, when this target gives one. */
    public Optional<URI> hostAddress() {
        return Optional.ofNullable(host);
    }

    /** The folder of ca.pem, cert.pem and key.pem, for {@link #tlsHost}. */
    public Optional<Path> tlsCertPath() {
        return Optional.ofNullable(tlsCertPath);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EngineTarget t && Objects.equals(context, t.context) && Objects.equals(host, t.host)
                && Objects.equals(tlsCertPath, t.tlsCertPath);
    }

    @Override
    public int hashCode() {
        return Objects.hash(context, host, tlsCertPath);
    }

    @Override
    public String toString() {
        return context != null ? "context " + context
                : host != null ? host + (tlsCertPath == null ? "" : " (TLS, " + tlsCertPath + ")") : "environment";
    }
}
