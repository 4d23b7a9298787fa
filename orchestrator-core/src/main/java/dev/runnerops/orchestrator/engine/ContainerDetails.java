package dev.runnerops.orchestrator.engine;

import java.util.List;
import java.util.Map;

/**
 * What inspecting a container adds to {@link ContainerInfo}: how it runs, for checks such as {@code doctor}'s.
 *
 * @param mounts every mount, bind or volume, as the engine reports it
 * @param env    the environment of its main process (never holds secrets of ours)
 */
public record ContainerDetails(ContainerInfo info, boolean privileged, List<Mount> mounts, Map<String, String> env) {
    public ContainerDetails {
        mounts = List.copyOf(mounts);
        env = Map.copyOf(env);
    }

    /** @param source a path of the engine's host for a bind, a volume name otherwise */
    public record Mount(String type, String source, String target, boolean readOnly) {}
}
