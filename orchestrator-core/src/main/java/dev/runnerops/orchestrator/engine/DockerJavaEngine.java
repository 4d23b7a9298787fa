package dev.runnerops.orchestrator.engine;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.model.AuthConfig;
import com.github.dockerjava.api.model.Network;
import dev.runnerops.orchestrator.plan.ContainerSpec;
import dev.runnerops.orchestrator.plan.NetworkSpec;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/** {@link DockerEngine} over docker-java: each verb one or two engine calls, errors translated by {@link EngineErrors}. */
public final class DockerJavaEngine implements DockerEngine {
    private final DockerClient client;
    private final EngineEndpoint endpoint;
    private final String host;
    private final EngineErrors errors;
    private final LogStreamer logs;
    private final ExecRunner execs;
    private final ProbeRunner probes;
    private final VolumeVerbs volumes;
    private final ImageVerbs images;
    private volatile boolean reachable;
    private volatile EngineInfo info;

    private DockerJavaEngine(EngineConnector.Connection connection) {
        this.client = connection.client();
        this.endpoint = connection.endpoint();
        this.host = endpoint.host().toString();
        this.errors = new EngineErrors(endpoint);
        this.logs = new LogStreamer(client, errors);
        this.execs = new ExecRunner(client, errors);
        this.probes = new ProbeRunner(client, errors, logs);
        this.volumes = new VolumeVerbs(client, errors);
        this.images = new ImageVerbs(client, errors);
    }

    /**
     * Connects to the engine the docker CLI would use without flags ({@link EngineResolver}): DOCKER_HOST,
     * DOCKER_CONTEXT, config.json's currentContext, the default socket.
     */
    public static DockerJavaEngine fromEnvironment() {
        EngineResolver resolver = EngineResolver.system();
        return connect(resolver.resolve(Optional.empty()), resolver.configDir());
    }

    /**
     * Creates the client for a resolved endpoint; nothing is sent yet. Fails with a
     * {@link dev.runnerops.orchestrator.errors.ConfigurationException} when the endpoint cannot be used as
     * given (TLS files missing or unreadable, ssh://, TLS without verification).
     *
     * @param dockerConfigDir the docker CLI's configuration folder, whose config.json holds registry logins
     */
    public static DockerJavaEngine connect(EngineEndpoint endpoint, Path dockerConfigDir) {
        return new DockerJavaEngine(EngineConnector.connect(endpoint, dockerConfigDir));
    }

    public EngineEndpoint endpoint() {
        return endpoint;
    }

    @Override
    public String host() {
        return host;
    }

    /** Only for a Unix socket, which is always one of this machine: never for TCP, SSH or a named pipe. */
    @Override
    public Optional<Path> localSocket() {
        return endpoint.localSocket();
    }

    @Override
    public void ping() {
        if (!reachable) {
            try {
                EngineConnector.probe(endpoint);
            } catch (IOException e) {
                throw errors.unavailable(EngineErrors.describe(e), e);
            }
            errors.call("reach", "the Docker engine", () -> client.pingCmd().exec());
            reachable = true; // once answered, later pings of the same operation add nothing
        }
    }

    /** Read once: an operation asks for the architecture and the memory, and they do not change under it. */
    @Override
    public EngineInfo info() {
        EngineInfo known = info;
        if (known == null) {
            var i = errors.call("read", "the engine's info", () -> client.infoCmd().exec());
            var version = errors.call("read", "the engine's version", () -> client.versionCmd().exec());
            known = new EngineInfo(String.valueOf(version.getVersion()), String.valueOf(version.getApiVersion()),
                    String.valueOf(i.getOsType()), String.valueOf(i.getArchitecture()),
                    i.getMemTotal() == null ? 0 : i.getMemTotal(),
                    i.getDockerRootDir() == null ? "/var/lib/docker" : i.getDockerRootDir());
            info = known;
        }
        return known;
    }

    // ---- images ----

    @Override
    public Optional<String> imageId(String reference) {
        return images.id(reference);
    }

    @Override
    public void pullImage(String reference, PullProgress progress) {
        images.pull(reference, progress);
    }

    @Override
    public String buildImage(byte[] contextTar, String tag, Map<String, String> labels, Consumer<String> output) {
        return images.build(contextTar, tag, labels, output);
    }

    @Override
    public List<String> imagesWithLabel(String label) {
        return images.withLabel(label);
    }

    @Override
    public boolean removeImage(String reference) {
        return images.remove(reference);
    }

    @Override
    public boolean imageInUse(String reference) {
        return images.inUse(reference);
    }

    // ---- networks ----

    @Override
    public List<NetworkInfo> networksNamed(String name) {
        List<Network> found = errors.call("list networks named", name,
                () -> client.listNetworksCmd().withNameFilter(name).exec());
        // The name filter matches substrings; only an exact name counts.
        return found.stream().filter(n -> name.equals(n.getName())).map(EngineResponses::toInfo).toList();
    }

    @Override
    public List<NetworkInfo> networks(Map<String, String> labels) {
        List<String> filter = labels.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList();
        return errors.call("list networks labelled", String.join(",", filter),
                () -> client.listNetworksCmd().withFilter("label", filter).exec())
                .stream().map(EngineResponses::toInfo).toList();
    }

    @Override
    public void createNetwork(NetworkSpec spec) {
        errors.call("create network", spec.name(), () -> client.createNetworkCmd()
                .withName(spec.name()).withDriver("bridge").withLabels(spec.labels()).withCheckDuplicate(true).exec());
    }

    @Override
    public void removeNetwork(String idOrName) {
        errors.lookup("remove network", idOrName, () -> {
            client.removeNetworkCmd(idOrName).exec();
            return true;
        });
    }

    // ---- volumes ----

    @Override
    public String ensureVolume(String name, Map<String, String> labels) {
        return volumes.ensure(name, labels);
    }

    @Override
    public Optional<String> volumeMountpoint(String name) {
        return volumes.mountpoint(name);
    }

    @Override
    public List<String> volumes(Map<String, String> labels) {
        return volumes.list(labels);
    }

    @Override
    public void removeVolume(String name) {
        volumes.remove(name);
    }

    @Override
    public String createVolumeAccessContainer(String name, String image, Map<String, String> volumeTargets,
                                              Map<String, String> labels) {
        return volumes.accessContainer(name, image, volumeTargets, labels);
    }

    @Override
    public void putArchive(String container, String directory, byte[] tar) {
        volumes.putArchive(container, directory, tar);
    }

    // ---- containers ----

    @Override
    public List<ContainerInfo> containers(Map<String, String> labels) {
        return errors.call("list containers labelled", labels.toString(),
                () -> client.listContainersCmd().withShowAll(true).withLabelFilter(labels).exec())
                .stream().map(EngineResponses::toInfo).toList();
    }

    @Override
    public List<ContainerInfo> runningContainersWithPorts() {
        return errors.call("list", "running containers", () -> client.listContainersCmd().exec())
                .stream().map(EngineResponses::toInfo).filter(c -> !c.ports().isEmpty()).toList();
    }

    @Override
    public Optional<ContainerInfo> container(String nameOrId) {
        return errors.lookup("inspect container", nameOrId, () -> client.inspectContainerCmd(nameOrId).exec())
                .map(EngineResponses::toInfo);
    }

    @Override
    public Optional<ContainerDetails> inspect(String nameOrId) {
        return errors.lookup("inspect container", nameOrId, () -> client.inspectContainerCmd(nameOrId).exec())
                .map(EngineResponses::toDetails);
    }

    @Override
    public ExecResult runProbe(ProbeSpec spec, Duration timeout) {
        return probes.run(spec, timeout);
    }

    @Override
    public RegistryLogin checkRegistryLogin(String registry, String username, String password) {
        AuthConfig auth = new AuthConfig().withRegistryAddress(registry).withUsername(username).withPassword(password);
        return errors.call("log in to", registry, () -> {
            try {
                var response = client.authCmd().withAuthConfig(auth).exec();
                return new RegistryLogin(true, response.getStatus() == null ? "Login Succeeded" : response.getStatus());
            } catch (DockerException refused) { // the registry's answer, relayed by the engine: a result, not a fault
                return new RegistryLogin(false, EngineErrors.dockerMessage(refused));
            }
        });
    }

    @Override
    public String createContainer(ContainerSpec spec) {
        return errors.call("create container", spec.name(),
                () -> CreateContainerMapper.toCommand(client, spec).exec().getId());
    }

    @Override
    public Optional<String> claimName(String name, String image, Map<String, String> labels) {
        return errors.call("create container", name, () -> {
            try {
                return Optional.of(client.createContainerCmd(image).withName(name).withCmd("claim")
                        .withLabels(labels).exec().getId());
            } catch (ConflictException taken) {
                return Optional.empty();
            }
        });
    }

    @Override
    public String createScratchContainer(String image, List<String> command, Map<String, String> labels) {
        return errors.call("create a container from", image,
                () -> client.createContainerCmd(image).withCmd(command).withLabels(labels).exec().getId());
    }

    @Override
    public void startContainer(String id) {
        errors.call("start container", id, () -> client.startContainerCmd(id).exec());
    }

    @Override
    public void stopContainer(String id, Duration grace) {
        errors.lookup("stop container", id, () -> {
            client.stopContainerCmd(id).withTimeout((int) grace.toSeconds()).exec();
            return true;
        });
    }

    @Override
    public void removeContainer(String id) {
        errors.lookup("remove container", id, () -> {
            client.removeContainerCmd(id).withForce(true).withRemoveVolumes(true).exec();
            return true;
        });
    }

    @Override
    public void renameContainer(String id, String newName) {
        errors.call("rename container", id, () -> {
            client.renameContainerCmd(id).withName(newName).exec();
            return true;
        });
    }

    @Override
    public ExecResult exec(String container, List<String> cmd, Map<String, String> env, Duration timeout) {
        return execs.run(container, cmd, env, timeout);
    }

    @Override
    public byte[] readFile(String container, String path) {
        return volumes.readFile(container, path);
    }

    @Override
    public Optional<Long> fileSize(String container, String path) {
        return volumes.fileSize(container, path);
    }

    @Override
    public void writeFile(String container, String directory, String fileName, byte[] content, int mode) {
        volumes.putArchive(container, directory, Tar.of(fileName, content, mode));
    }

    @Override
    public List<String> logs(String container, int tail) {
        List<String> lines = new ArrayList<>();
        Closeable handle = streamLogs(container, tail, false, line -> {
            synchronized (lines) {
                lines.add(line.text());
            }
        }, () -> { });
        closeQuietly(handle);
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }

    @Override
    public Closeable streamLogs(String container, int tail, boolean follow, Consumer<LogLine> sink, Runnable onEnd) {
        return logs.stream(container, tail, follow, sink, onEnd);
    }

    @Override
    public void close() {
        closeQuietly(client);
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception ignored) {
            // nothing useful to do while closing
        }
    }
}
