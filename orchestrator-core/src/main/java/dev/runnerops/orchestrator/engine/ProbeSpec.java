package dev.runnerops.orchestrator.engine;

import java.util.List;
import java.util.Map;

/**
 * A short-lived container that runs one command to its end, made the way gitlab-runner's Docker executor makes
 * job containers: volumes in the Docker "Binds" form ({@code host:container[:ro]}), an environment list, a network
 * mode. Removed once it has ended.
 *
 * @param binds       {@code host:container[:mode]} entries, as config.toml's {@code [runners.docker] volumes}
 * @param env         NAME=VALUE entries
 * @param networkMode empty for the engine's default
 */
public record ProbeSpec(String image, List<String> entrypoint, List<String> cmd, List<String> binds, List<String> env,
                        String networkMode, boolean privileged, Map<String, String> labels) {
    public ProbeSpec {
        entrypoint = List.copyOf(entrypoint);
        cmd = List.copyOf(cmd);
        binds = List.copyOf(binds);
        env = List.copyOf(env);
        labels = Map.copyOf(labels);
    }
}
