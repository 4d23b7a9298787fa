package dev.runnerops.orchestrator.steps;

import dev.runnerops.orchestrator.config.OrchestratorConfig;
import dev.runnerops.orchestrator.engine.DockerEngine;
import dev.runnerops.orchestrator.engine.Tar;
import dev.runnerops.orchestrator.errors.EngineException;
import dev.runnerops.orchestrator.errors.OperationException;
import dev.runnerops.orchestrator.plan.Labels;
import dev.runnerops.orchestrator.plan.StateMounts;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The project's files on the engine, for an engine that is not on this machine: two named volumes labelled with
 * the project, {@code <project>-state} (the runner's config folder, the helper, the job Docker config, the AWS
 * credentials, the job mounts) and {@code <project>-gitlab} (GitLab's config, logs and data). Containers bind
 * files from the volumes' data folders on the engine's host; the tool writes and reads them through the engine's
 * archive API, on an access container that mounts the volumes and is never started.
 */
public final class EngineStateSite implements StateSite {
    public static final String STATE_OF = Labels.PREFIX + "state-of";
    private static final String STATE_TARGET = "/state";
    private static final String GITLAB_TARGET = "/gitlab";

    private final OrchestratorConfig config;
    private final DockerEngine engine;
    private StateMounts mounts;
    private String accessContainer;

    public EngineStateSite(OrchestratorConfig config, DockerEngine engine) {
        this.config = config;
        this.engine = engine;
    }

    @Override
    public boolean onEngine() {
        return true;
    }

    public static String stateVolume(String project) {
        return project + "-state";
    }

    public static String gitlabVolume(String project) {
        return project + "-gitlab";
    }

    private String project() {
        return config.project().name();
    }

    /**
     * The volumes' data folders; for volumes not made yet, where the local driver puts them
     * ({@code <engine root>/volumes/<name>/_data}), so that a plan needs no volume to exist.
     */
    @Override
    public synchronized StateMounts mounts() {
        if (mounts == null) {
            mounts = StateMounts.engine(Path.of(mountpoint(stateVolume(project()))),
                    Path.of(mountpoint(gitlabVolume(project()))));
        }
        return mounts;
    }

    private String mountpoint(String volume) {
        return engine.volumeMountpoint(volume)
                .orElseGet(() -> engine.info().rootDir() + "/volumes/" + volume + "/_data");
    }

    @Override
    public synchronized void prepare(boolean withGitLab) {
        String state = engine.ensureVolume(stateVolume(project()), labels("runner"));
        String gitlab = withGitLab ? engine.ensureVolume(gitlabVolume(project()), labels("gitlab"))
                : mountpoint(gitlabVolume(project()));
        mounts = StateMounts.engine(Path.of(state), Path.of(gitlab));
        closeAccess(); // made again with the volumes that exist now
    }

    private Map<String, String> labels(String part) {
        Map<String, String> labels = new LinkedHashMap<>(Labels.project(project()));
        labels.put(Labels.PREFIX + "volume", part);
        return labels;
    }

    @Override
    public void ensureDirectory(Path dir) {
        Location at = locate(dir);
        put(at, new Tar().directory(at.relative(), 0755).bytes());
    }

    @Override
    public void write(Path file, byte[] content, int mode) {
        Location at = locate(file);
        Tar tar = new Tar();
        Path parent = Path.of(at.relative()).getParent();
        for (int i = 1; parent != null && i <= parent.getNameCount(); i++) {
            tar.directory(parent.subpath(0, i).toString(), 0755);
        }
        put(at, tar.file(at.relative(), content, mode).bytes());
    }

    @Override
    public Optional<byte[]> read(Path file) {
        Location at = locate(file);
        if (engine.volumeMountpoint(at.volume()).isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(engine.readFile(access(), at.target() + "/" + at.relative()));
        } catch (EngineException e) {
            return Optional.empty(); // not there (yet)
        }
    }

    @Override
    public Optional<Long> size(Path file) {
        Location at = locate(file);
        if (engine.volumeMountpoint(at.volume()).isEmpty()) {
            return Optional.empty();
        }
        return engine.fileSize(access(), at.target() + "/" + at.relative());
    }

    @Override
    public String describe() {
        boolean gitlab = engine.volumeMountpoint(gitlabVolume(project())).isPresent();
        return "volumes " + stateVolume(project()) + (gitlab ? " and " + gitlabVolume(project()) : "")
                + " on the engine at " + engine.host();
    }

    @Override
    public synchronized void close() {
        closeAccess();
    }

    private void closeAccess() {
        if (accessContainer != null) {
            engine.removeContainer(accessContainer);
            accessContainer = null;
        }
    }

    private void put(Location at, byte[] tar) {
        if (engine.volumeMountpoint(at.volume()).isEmpty()) {
            throw new OperationException("write state", at.volume(), "The volume " + at.volume() + " does not exist "
                    + "on the engine at " + engine.host() + "; run `up`" + (at.volume().endsWith("-gitlab")
                    ? " --complete" : "") + " first.");
        }
        engine.putArchive(access(), at.target(), tar);
    }

    /** The access container: the runner image, never started, with the project's volumes mounted. */
    private synchronized String access() {
        if (accessContainer == null) {
            String name = project() + "-state-access";
            engine.container(name).ifPresent(stale -> engine.removeContainer(stale.id())); // of a killed run
            Map<String, String> volumes = new LinkedHashMap<>();
            volumes.put(stateVolume(project()), STATE_TARGET);
            if (engine.volumeMountpoint(gitlabVolume(project())).isPresent()) {
                volumes.put(gitlabVolume(project()), GITLAB_TARGET);
            }
            accessContainer = engine.createVolumeAccessContainer(name, config.runner().image(), volumes,
                    Map.of(STATE_OF, project()));
        }
        return accessContainer;
    }

    private record Location(String volume, String target, String relative) {}

    private Location locate(Path path) {
        StateMounts m = mounts();
        if (path.startsWith(m.layout().gitlabRoot())) {
            return new Location(gitlabVolume(project()), GITLAB_TARGET,
                    m.layout().gitlabRoot().relativize(path).toString());
        }
        if (path.startsWith(m.layout().root())) {
            return new Location(stateVolume(project()), STATE_TARGET, m.layout().root().relativize(path).toString());
        }
        throw new IllegalArgumentException(path + " is not in the project's volumes " + List.of(m.layout().root(),
                m.layout().gitlabRoot()));
    }
}
