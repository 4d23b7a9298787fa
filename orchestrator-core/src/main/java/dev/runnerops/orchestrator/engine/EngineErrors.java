package dev.runnerops.orchestrator.engine;

import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.NotModifiedException;
import dev.runnerops.orchestrator.errors.EngineException;
import dev.runnerops.orchestrator.errors.EngineUnavailableException;
import java.io.IOException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Translates docker-java's failures into {@link EngineException}s that name the action and the resource and
 * quote the engine's own sentence; an engine that cannot be reached becomes
 * {@link EngineUnavailableException}.
 */
final class EngineErrors {
    private static final Pattern DOCKER_MESSAGE = Pattern.compile("\"message\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");

    private final String host;

    EngineErrors(String host) {
        this.host = host;
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
        return new EngineUnavailableException(host, "Cannot reach the Docker engine at " + host + " (" + reason
                + "). Start Docker (for example `sudo systemctl start docker` or `dockerd &`), or point DOCKER_HOST at "
                + "a running engine.", cause);
    }

    private static Throwable rootIo(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof IOException) {
                return t;
            }
        }
        return null;
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
