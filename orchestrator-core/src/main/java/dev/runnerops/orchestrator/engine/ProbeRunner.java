package dev.runnerops.orchestrator.engine;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.command.WaitContainerResultCallback;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.HostConfig;
import dev.runnerops.orchestrator.errors.EngineException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a {@link ProbeSpec} container to its end, collects its output, removes it whatever happened. */
final class ProbeRunner {
    private final DockerClient client;
    private final EngineErrors errors;
    private final LogStreamer logs;

    ProbeRunner(DockerClient client, EngineErrors errors, LogStreamer logs) {
        this.client = client;
        this.errors = errors;
        this.logs = logs;
    }

    ExecResult run(ProbeSpec spec, Duration timeout) {
        List<Bind> binds = spec.binds().stream().map(Bind::parse).toList(); // the executor's form, parsed as Docker does
        HostConfig host = HostConfig.newHostConfig().withBinds(binds).withPrivileged(spec.privileged());
        if (!spec.networkMode().isEmpty()) {
            host.withNetworkMode(spec.networkMode());
        }
        CreateContainerCmd create = client.createContainerCmd(spec.image()).withHostConfig(host).withEnv(spec.env())
                .withLabels(spec.labels()).withCmd(spec.cmd());
        if (!spec.entrypoint().isEmpty()) {
            create.withEntrypoint(spec.entrypoint());
        }
        String id = errors.call("create a probe container from", spec.image(), () -> create.exec().getId());
        try {
            errors.call("start probe container", id, () -> client.startContainerCmd(id).exec());
            Integer code = errors.call("wait for probe container", id, () -> {
                try {
                    return client.waitContainerCmd(id).exec(new WaitContainerResultCallback())
                            .awaitStatusCode(timeout.toMillis(), TimeUnit.MILLISECONDS);
                } catch (RuntimeException e) {
                    throw new EngineException("wait for probe container", id, "The probe from " + spec.image()
                            + " did not end within " + timeout.toSeconds() + " s.", e);
                }
            });
            StringBuilder out = new StringBuilder();
            StringBuilder err = new StringBuilder();
            List<String> ignored = new ArrayList<>();
            logs.stream(id, -1, false, line -> {
                synchronized (out) {
                    (line.stderr() ? err : out).append(line.text()).append('\n');
                }
            }, () -> ignored.add("end"));
            synchronized (out) {
                return new ExecResult(code == null ? -1 : code, out.toString(), err.toString());
            }
        } finally {
            errors.lookup("remove probe container", id, () -> {
                client.removeContainerCmd(id).withForce(true).withRemoveVolumes(true).exec();
                return true;
            });
        }
    }
}
