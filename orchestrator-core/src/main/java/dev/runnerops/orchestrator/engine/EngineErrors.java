package dev.runnerops.orchestrator.engine;

import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.NotModifiedException;
import dev.runnerops.orchestrator.errors.EngineException;
import dev.runnerops.orchestrator.errors.EngineUnavailableException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.nio.file.Files;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;

/**
 * Translates docker-java's failures into {@link EngineException}s that name the action and the resource and
 * quote the engine's own sentence; an engine that cannot be reached becomes
 * {@link EngineUnavailableException}.
 */
final class EngineErrors {
    private static final Pattern DOCKER_MESSAGE = Pattern.compile("\"message\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");

    private final EngineEndpoint endpoint;

    EngineErrors(EngineEndpoint endpoint) {
        this.endpoint = endpoint;
    }

    interface Call<T> {
        T run();
    }

    /** Runs the call; "not modified" (already started, already stopped) is success with a null result. */
    <T> T call(String action, String resource, Call<T> call) {
        try {
            return call.run();
        } catch (NotModifiedException e) {
            return null;
        } catch (DockerException e) {
            if (dockerMessage(e).contains("HTTP request to an HTTPS server")) {
                throw unavailable("it speaks TLS, and TLS is off", e);
            }
            String verb = e instanceof ConflictException ? "refused to " : "failed to ";
            throw new EngineException(action, resource, "Docker " + verb + action + " " + resource + ": "
                    + dockerMessage(e) + ".", e);
        } catch (EngineException e) {
            throw e;
        } catch (RuntimeException e) {
            Throwable io = rootIo(e);
            if (io != null) {
                throw unavailable(describe(io), e);
            }
            throw new EngineException(action, resource, "Failed to " + action + " " + resource + ": " + describe(e)
                    + ".", e);
        }
    }

    /** Like {@link #call}, but "not found" is an empty result instead of an error. */
    <T> Optional<T> lookup(String action, String resource, Call<T> call) {
        return Optional.ofNullable(call(action, resource, () -> {
            try {
                return call.run();
            } catch (NotFoundException e) {
                return null;
            }
        }));
    }

    EngineUnavailableException unavailable(String reason, Throwable cause) {
        String at = "Cannot reach the Docker engine at " + endpoint.describe();
        String message;
        if (endpoint.localSocket().isPresent()) {
            message = at + " (" + reason + "). Start Docker (for example `sudo systemctl start docker` or "
                    + "`dockerd &`), or point DOCKER_HOST at a running engine.";
        } else if (tlsRefused(cause)) {
            message = at + " (from " + endpoint.origin() + "): TLS failed between this client and the engine ("
                    + reason + "). " + tlsAdvice();
        } else if (endpoint.tls() == EngineEndpoint.Tls.NONE && reason.contains("TLS is off")) {
            message = at + " (from " + endpoint.origin() + "): " + reason + ". Point the client at the folder with "
                    + "ca.pem, cert.pem and key.pem (DOCKER_TLS_VERIFY=1 and DOCKER_CERT_PATH, or cert_path in a "
                    + "[[hosts]] entry), or use a context made with "
                    + "`docker context create NAME --docker host=...,ca=...,cert=...,key=...`.";
        } else {
            message = at + " (from " + endpoint.origin() + "): " + reason + ". Check that the engine runs and "
                    + "listens there (dockerd -H), that nothing blocks the port, and that " + endpoint.origin()
                    + " names the right address.";
        }
        return new EngineUnavailableException(endpoint.host().toString(), message, cause);
    }

    /**
     * A TLS endpoint that accepted the connection, then failed it: the handshake, or (TLS 1.3) the engine
     * rejecting the client certificate after it, which the client sees as an alert, a reset or a broken pipe,
     * depending on timing.
     */
    private boolean tlsRefused(Throwable cause) {
        if (endpoint.tls() == EngineEndpoint.Tls.NONE || cause == null) {
            return false;
        }
        if (rootOf(cause, SSLException.class) != null) {
            return true;
        }
        return rootOf(cause, SocketException.class) != null && rootOf(cause, ConnectException.class) == null
                && rootOf(cause, NoRouteToHostException.class) == null;
    }

    /** Which files took part, and what each must be, so the mismatch can be found. */
    private String tlsAdvice() {
        if (endpoint.certPath().isEmpty()) {
            return "Give the context its TLS files (docker context create ... ca=,cert=,key=).";
        }
        String ca = Files.exists(endpoint.caFile()) ? endpoint.caFile().toString()
                : "the JVM's CAs (no " + endpoint.caFile() + ")";
        String client = Files.exists(endpoint.certFile())
                ? "the client certificate " + endpoint.certFile() + " (key " + endpoint.keyFile() + ") must be "
                        + "signed by the CA the engine trusts (dockerd --tlscacert)"
                : "no client certificate was sent, as " + endpoint.certFile() + " and " + endpoint.keyFile()
                        + " do not exist, and an engine started with --tlsverify requires one";
        return "The engine's certificate must be signed by " + ca + " and name " + endpoint.host().getHost()
                + "; " + client + ". Check the files in " + endpoint.certPath().get() + PemTls.fix(endpoint) + ".";
    }

    private static <T extends Throwable> T rootOf(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    private static Throwable rootIo(Throwable e) {
        return rootOf(e, IOException.class);
    }

    static String describe(Throwable t) {
        Throwable deepest = t;
        while (deepest.getCause() != null && deepest.getCause() != deepest) {
            deepest = deepest.getCause();
        }
        String msg = deepest.getMessage();
        return msg == null || msg.isBlank() ? deepest.getClass().getSimpleName() : msg.strip();
    }

    /** docker-java puts the engine's JSON body in the message; keep only the engine's sentence. */
    static String dockerMessage(DockerException e) {
        String msg = e.getMessage() == null ? "" : e.getMessage();
        Matcher m = DOCKER_MESSAGE.matcher(msg);
        if (m.find()) {
            return m.group(1).replace("\\\"", "\"").replace("\\n", " ").strip();
        }
        return msg.replaceFirst("^Status \\d+:\\s*", "").strip();
    }
}
