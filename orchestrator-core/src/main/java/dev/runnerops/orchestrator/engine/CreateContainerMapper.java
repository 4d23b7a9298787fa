package dev.runnerops.orchestrator.engine;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Mount;
import com.github.dockerjava.api.model.MountType;
import com.github.dockerjava.api.model.Ports;
import com.github.dockerjava.api.model.RestartPolicy;
import dev.runnerops.orchestrator.plan.BindMount;
import dev.runnerops.orchestrator.plan.ContainerSpec;
import dev.runnerops.orchestrator.plan.PortBinding;
import java.util.ArrayList;
import java.util.List;

/** Applies a {@link ContainerSpec} to docker-java's create command: the one place that maps our spec. */
final class CreateContainerMapper {
    private CreateContainerMapper() {}

    static CreateContainerCmd toCommand(DockerClient client, ContainerSpec spec) {
        List<Mount> mounts = new ArrayList<>();
        for (BindMount m : spec.mounts()) {
            // The Mount API (unlike legacy Binds) refuses a missing source instead of creating a directory.
            mounts.add(new Mount().withType(MountType.BIND).withSource(m.source().toString())
                    .withTarget(m.target()).withReadOnly(m.readOnly()));
        }
        Ports ports = new Ports();
        List<ExposedPort> exposed = new ArrayList<>();
        for (PortBinding p : spec.ports()) {
            ExposedPort port = ExposedPort.tcp(p.containerPort());
            exposed.add(port);
            ports.bind(port, Ports.Binding.bindIpAndPort(p.hostAddress(), p.hostPort()));
        }
        HostConfig hostConfig = HostConfig.newHostConfig()
                .withMounts(mounts)
                .withNetworkMode(spec.network())
                .withPrivileged(spec.privileged())
                .withRestartPolicy(restartPolicy(spec.restartPolicy()))
                .withPortBindings(ports);
        if (spec.shmSizeBytes() > 0) {
            hostConfig.withShmSize(spec.shmSizeBytes());
        }
        List<String> env = spec.env().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).sorted().toList();
        CreateContainerCmd cmd = client.createContainerCmd(spec.image())
                .withName(spec.name())
                .withHostName(spec.hostname())
                .withEnv(env)
                .withLabels(spec.labels())
                .withExposedPorts(exposed)
                .withHostConfig(hostConfig);
        if (!spec.networkAliases().isEmpty()) {
            cmd.withAliases(spec.networkAliases());
        }
        return cmd;
    }

    static RestartPolicy restartPolicy(String policy) {
        return switch (policy) {
            case "always" -> RestartPolicy.alwaysRestart();
            case "unless-stopped" -> RestartPolicy.unlessStoppedRestart();
            case "on-failure" -> RestartPolicy.onFailureRestart(5);
            default -> RestartPolicy.noRestart();
        };
    }
}
