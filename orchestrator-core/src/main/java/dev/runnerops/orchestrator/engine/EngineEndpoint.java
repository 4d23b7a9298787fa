package dev.runnerops.orchestrator.engine;

import java.net.URI;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a Docker engine is and how to talk to it, resolved as the docker CLI resolves it
 * ({@link EngineResolver}). Immutable; says nothing about whether the engine answers.
 *
 * @param host     {@code unix:///var/run/docker.sock}, {@code tcp://host:2376}, {@code ssh://user@host}, ...
 * @param tls      whether and how TLS is used (only ever for {@code tcp://})
 * @param certPath folder holding {@code ca.pem}, {@code cert.pem}, {@code key.pem} (DOCKER_CERT_PATH, or a
 *                 context's {@code contexts/tls/<sha256 of name>/docker}); empty without TLS
 * @param context  the Docker context it came from; {@code default} when none was named
 * @param origin   what chose it, for messages: {@code DOCKER_HOST}, {@code --context NAME},
 *                 {@code DOCKER_CONTEXT}, {@code currentContext in <config.json>}, {@code the default socket}, ...
 */
public record EngineEndpoint(URI host, Tls tls, Optional<Path> certPath, String context, String origin) {
    public static final String DEFAULT_CONTEXT = "default";
    public static final URI DEFAULT_SOCKET = URI.create("unix:///var/run/docker.sock");

    public enum Tls {
        /** Plain: a socket, or TCP without TLS. */
        NONE,
        /** TLS, the engine's certificate checked against ca.pem (else the JVM's CAs) and its name. */
        VERIFY,
        /** TLS without checking the engine's certificate (DOCKER_TLS, a context's SkipTLSVerify). */
        NO_VERIFY
    }

    public EngineEndpoint {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(certPath, "certPath");
        Objects.requireNonNull(context, "context");
        Objects.requireNonNull(origin, "origin");
    }

    /** An explicit endpoint without TLS: a Unix socket or plain TCP (a TCP address without port gets 2375). */
    public static EngineEndpoint plain(URI host, String origin) {
        return new EngineEndpoint(EngineResolver.parseHost(host.toString(), false, origin), Tls.NONE,
                Optional.empty(), DEFAULT_CONTEXT, origin);
    }

    /** An explicit TCP endpoint with verified TLS and the PEM files of {@code certPath}. */
    public static EngineEndpoint verified(URI host, Path certPath, String origin) {
        return new EngineEndpoint(EngineResolver.parseHost(host.toString(), true, origin), Tls.VERIFY,
                Optional.of(certPath), DEFAULT_CONTEXT, origin);
    }

    public String scheme() {
        return host.getScheme() == null ? "" : host.getScheme();
    }

    /** The engine's Unix socket on this machine; empty for every other kind of endpoint. */
    public Optional<Path> localSocket() {
        return "unix".equals(scheme()) && host.getPath() != null && !host.getPath().isEmpty()
                ? Optional.of(Path.of(host.getPath())) : Optional.empty();
    }

    /** For messages: the address, and the context when one was used. */
    public String describe() {
        return host + (DEFAULT_CONTEXT.equals(context) ? "" : " (Docker context " + context + ")");
    }

    public Path caFile() {
        return certPath.map(p -> p.resolve("ca.pem")).orElseThrow();
    }

    public Path certFile() {
        return certPath.map(p -> p.resolve("cert.pem")).orElseThrow();
    }

    public Path keyFile() {
        return certPath.map(p -> p.resolve("key.pem")).orElseThrow();
    }
}
