package dev.runnerops.orchestrator.engine;

import dev.runnerops.orchestrator.plan.ContainerSpec;
import dev.runnerops.orchestrator.plan.NetworkSpec;
import java.io.Closeable;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The Docker Engine, as the orchestrator needs it: verbs over our own value types. {@link DockerJavaEngine}
 * implements it with docker-java; unit tests use an in-memory fake. Failures raise
 * {@link dev.runnerops.orchestrator.errors.EngineException}; "not found" is an empty Optional or false, not an
 * exception.
 */
public interface DockerEngine extends AutoCloseable {

    /** Where the engine is, for messages: DOCKER_HOST or the default socket. */
    String host();

    /** The engine's Unix socket on this machine, when it is reached through one. */
    Optional<Path> localSocket();

    /** Fails with {@link dev.runnerops.orchestrator.errors.EngineUnavailableException} when no engine answers. */
    void ping();

    EngineInfo info();

    // ---- images ----

    /** The image's id when it is present locally. */
    Optional<String> imageId(String reference);

    void pullImage(String reference, PullProgress progress);

    /** Builds from an in-memory tar context; returns the image id. Build output lines go to {@code output}. */
    String buildImage(byte[] contextTar, String tag, Map<String, String> labels, Consumer<String> output);

    /** Ids of images (intermediate ones included) carrying the label ({@code key=value}). */
    List<String> imagesWithLabel(String label);

    /** Removes an image without force; returns false when it was not there. */
    boolean removeImage(String reference);

    /** Whether any container, running or not, uses the image. */
    boolean imageInUse(String reference);

    // ---- networks ----

    /** Networks of exactly this name: normally none or one, more when a race created duplicates. */
    List<NetworkInfo> networksNamed(String name);

    /** Networks carrying every given label. */
    List<NetworkInfo> networks(Map<String, String> labels);

    void createNetwork(NetworkSpec spec);

    /** Removes the network; already gone is fine. */
    void removeNetwork(String idOrName);

    // ---- volumes ----

    /**
     * Creates the named volume when missing (local driver) and returns where its data lives on the engine's host:
     * a path of that machine, not of this one.
     */
    String ensureVolume(String name, Map<String, String> labels);

    /** Where an existing volume's data lives on the engine's host; empty when there is no such volume. */
    Optional<String> volumeMountpoint(String name);

    /** Volumes carrying every given label, by name. */
    List<String> volumes(Map<String, String> labels);

    /** Removes the volume; already gone is fine. */
    void removeVolume(String name);

    /**
     * Creates, and never starts, a container of {@code image} with the named volumes mounted at their targets: the
     * way to reach a volume's files through the archive API. Returns its id.
     */
    String createVolumeAccessContainer(String name, String image, Map<String, String> volumeTargets,
                                       Map<String, String> labels);

    /** Uploads a tar archive into a container's file system (created or running) at {@code directory}. */
    void putArchive(String container, String directory, byte[] tar);

    // ---- containers ----

    /** All containers, running or not, that carry every given label. */
    List<ContainerInfo> containers(Map<String, String> labels);

    Optional<ContainerInfo> container(String nameOrId);

    /** Running containers publishing something, for port-conflict messages. */
    List<ContainerInfo> runningContainersWithPorts();

    /** How the container runs: privileged, mounts, environment. */
    Optional<ContainerDetails> inspect(String nameOrId);

    /** Creates (does not start) the container; returns its id. */
    String createContainer(ContainerSpec spec);

    /**
     * Creates a never-started container named {@code name}, as a claim on that name: the engine gives a name to
     * one container only, so of two claims at once one gets it. Returns its id, or empty when a container of that
     * name exists.
     */
    Optional<String> claimName(String name, String image, Map<String, String> labels);

    /** Creates a never-started container, only to copy files out of its image. */
    String createScratchContainer(String image, List<String> cmd, Map<String, String> labels);

    void startContainer(String id);

    /** Stops the container; already stopped or gone is fine. */
    void stopContainer(String id, Duration grace);

    /** Removes the container and its anonymous volumes; already gone is fine. */
    void removeContainer(String id);

    void renameContainer(String id, String newName);

    /**
     * Runs a probe container to its end (at most {@code timeout}) and removes it: its exit code and output.
     */
    ExecResult runProbe(ProbeSpec spec, Duration timeout);

    /**
     * Asks the engine to log in to {@code registry} with this credential, as it would before pulling from it.
     * The password stays in the request; it is never logged.
     */
    RegistryLogin checkRegistryLogin(String registry, String username, String password);

    /** Runs a command in a running container. {@code env} is how secrets get in: never through argv. */
    ExecResult exec(String container, List<String> cmd, Map<String, String> env, Duration timeout);

    /** Reads one regular file from a container (running or not) through the archive API. */
    byte[] readFile(String container, String path);

    /** The size of a regular file in a container (running or not), from the archive's header only; empty if none. */
    Optional<Long> fileSize(String container, String path);

    /** Writes one regular file into a container's folder through the archive API, with the given mode. */
    void writeFile(String container, String directory, String fileName, byte[] content, int mode);

    /** The last {@code tail} lines of a container's output, both streams. */
    List<String> logs(String container, int tail);

    /**
     * Streams a container's output line by line. Without {@code follow} it returns once every line was
     * delivered, or fails; with it, lines keep coming until the handle is closed or the container stops, and
     * {@code onEnd} runs then. {@code tail} &lt; 0 means all lines.
     */
    Closeable streamLogs(String container, int tail, boolean follow, Consumer<LogLine> sink, Runnable onEnd);

    @Override
    void close();
}
