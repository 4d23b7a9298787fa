package dev.runnerops.orchestrator.plan;

import java.util.List;
import java.util.Map;

/**
 * The desired state of one container, free of Docker client types. {@link ConfigHash} digests it into the
 * label that tells a re-run whether the running container still matches.
 *
 * @param env     environment of the container's main process; never holds secrets
 * @param labels  project and service labels, plus the config hash once {@link #withConfigHash()} ran
 */
public record ContainerSpec(
        Service service,
        String name,
        String image,
        String hostname,
        String network,
        List<String> networkAliases,
        Map<String, String> env,
        List<BindMount> mounts,
        List<PortBinding> ports,
        String restartPolicy,
        long shmSizeBytes,
        boolean privileged,
        Map<String, String> labels) {

    public ContainerSpec {
        networkAliases = List.copyOf(networkAliases);
        env = Map.copyOf(env);
        mounts = List.copyOf(mounts);
        ports = List.copyOf(ports);
        labels = Map.copyOf(labels);
    }

    /** The same spec with its config-hash label set. */
    public ContainerSpec withConfigHash() {
        Map<String, String> withHash = new java.util.HashMap<>(labels);
        withHash.put(Labels.CONFIG_HASH, ConfigHash.of(this));
        return new ContainerSpec(service, name, image, hostname, network, networkAliases, env, mounts, ports,
                restartPolicy, shmSizeBytes, privileged, withHash);
    }

    /**
     * The same container under another name, labels (and so the config hash) unchanged: the replacement created
     * beside the container it replaces, renamed once the old one is gone.
     */
    public ContainerSpec renamed(String newName) {
        return new ContainerSpec(service, newName, image, hostname, network, networkAliases, env, mounts, ports,
                restartPolicy, shmSizeBytes, privileged, labels);
    }

    public String configHash() {
        return labels.getOrDefault(Labels.CONFIG_HASH, "");
    }
}
