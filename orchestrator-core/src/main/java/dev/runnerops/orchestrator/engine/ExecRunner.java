package dev.runnerops.orchestrator.engine;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.ExecCreateCmdResponse;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.StreamType;
import dev.runnerops.orchestrator.errors.EngineException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A command run inside a container: create, start and wait, exit code; both streams collected apart. */
final class ExecRunner {
    private final DockerClient client;
    private final EngineErrors errors;

    ExecRunner(DockerClient client, EngineErrors errors) {
        this.client = client;
        this.errors = errors;
    }

    ExecResult run(String container, List<String> cmd, Map<String, String> env, Duration timeout) {
        String action = "run " + cmd.get(0) + " in container";
        List<String> envList = env.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList();
        ExecCreateCmdResponse created = errors.call(action, container, () -> client.execCreateCmd(container)
                .withCmd(cmd.toArray(String[]::new)).withEnv(envList)
                .withAttachStdout(true).withAttachStderr(true).exec());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        ResultCallback.Adapter<Frame> callback = new ResultCallback.Adapter<>() {
            @Override
            public void onNext(Frame frame) {
                synchronized (this) {
                    (frame.getStreamType() == StreamType.STDERR ? err : out).writeBytes(frame.getPayload());
                }
            }
        };
        boolean finished = errors.call(action, container, () -> {
            try {
                return client.execStartCmd(created.getId()).exec(callback)
                        .awaitCompletion(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new EngineException(action, container, "Interrupted while waiting to " + action + " "
                        + container + ".", e);
            }
        });
        closeQuietly(callback);
        if (!finished) {
            throw new EngineException(action, container, "Timed out after " + timeout.toSeconds() + " s waiting to "
                    + action + " " + container + ".");
        }
        Long code = errors.call(action, container, () -> client.inspectExecCmd(created.getId()).exec().getExitCodeLong());
        synchronized (callback) {
            return new ExecResult(code == null ? -1 : code.intValue(), out.toString(StandardCharsets.UTF_8),
                    err.toString(StandardCharsets.UTF_8));
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception ignored) {
            // the exec has ended
        }
    }
}
