package dev.runnerops.orchestrator.engine;

import dev.runnerops.orchestrator.api.ProgressEvent;
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
 * is the only implementation and the only class that imports docker-java. Failures raise
 * {@link EngineException}; "not found" is an empty Optional, not an exception.
 */
public interface DockerEngine extends AutoCloseable {

    /** Where the engine is, for messages: DOCKER_HOST or the default socket. */
    String host();

    /** The engine's Unix socket on this machine, when it is reached through one. */
    Optional<Path> localSocket();

    /** Fails with {@link EngineUnavailableException} when no engine answers. */
    void ping();

    EngineInfo info();

    // ---- images ----

    /** The image's id when it is present locally. */
    Optional<String> imageId(String reference);

    void pullImage(String reference, Consumer<ProgressEvent.Transfer> progress);

    /** Builds from an in-memory tar context; returns the image id. Build output lines go to {@code output}. */
    String buildImage(byte[] contextTar, String tag, Map<String, String> labels, Consumer<String> output);

    /** Ids of images (intermediate ones included) carrying the label. */
    List<String> imagesWithLabel(String label);

    /** Removes an image without force; returns false when it was not there. */
    boolean removeImage(String reference);

    /** Whether any container, running or not, uses the image. */
    boolean imageInUse(String reference);

    // ---- networks ----

    Optional<NetworkInfo> network(String name);

    /** Networks carrying every given label. */
    List<NetworkInfo> networks(Map<String, String> labels);

    void createNetwork(NetworkSpec spec);

    void removeNetwork(String name);

    // ---- containers ----

    /** All containers, running or not, that carry every given label. */
    List<ContainerInfo> containers(Map<String, String> labels);

    Optional<ContainerInfo> container(String nameOrId);

    /** Running containers publishing something, for port-conflict messages. */
    List<ContainerInfo> runningContainersWithPorts();

    /** Creates (does not start) the container; returns its id. */
    String createContainer(ContainerSpec spec);

    /** Creates a never-started container, only to copy files out of its image. */
    String createScratchContainer(String image, List<String> cmd, Map<String, String> labels);

    void startContainer(String id);

    void stopContainer(String id, Duration grace);

    void removeContainer(String id);

    /** Runs a command in a running container. {@code env} is how secrets get in: never through argv. */
    ExecResult exec(String container, List<String> cmd, Map<String, String> env, Duration timeout);

    /** Reads one regular file from a container (running or not) through the archive API. */
    byte[] readFile(String container, String path);

    /** The last {@code tail} lines of a container's output, both streams. */
    List<String> logs(String container, int tail);

    /**
     * Streams a container's output line by line until it ends, or until the returned handle is closed.
     * {@code tail} &lt; 0 means all lines.
     */
    Closeable streamLogs(String container, int tail, boolean follow, Consumer<LogLine> sink, Runnable onEnd);

    @Override
    void close();
}
