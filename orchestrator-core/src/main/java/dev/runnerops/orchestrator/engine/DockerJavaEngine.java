package dev.runnerops.orchestrator.engine;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.BuildImageResultCallback;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.command.ExecCreateCmdResponse;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.command.PullImageResultCallback;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.NotModifiedException;
import com.github.dockerjava.api.model.BuildResponseItem;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.ContainerPort;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Image;
import com.github.dockerjava.api.model.Mount;
import com.github.dockerjava.api.model.MountType;
import com.github.dockerjava.api.model.Network;
import com.github.dockerjava.api.model.Ports;
import com.github.dockerjava.api.model.PullResponseItem;
import com.github.dockerjava.api.model.RestartPolicy;
import com.github.dockerjava.api.model.StreamType;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import com.github.dockerjava.transport.SSLConfig;
import dev.runnerops.orchestrator.api.ProgressEvent;
import dev.runnerops.orchestrator.plan.BindMount;
import dev.runnerops.orchestrator.plan.ContainerSpec;
import dev.runnerops.orchestrator.plan.NetworkSpec;
import dev.runnerops.orchestrator.plan.PortBinding;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyManagementException;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * {@link DockerEngine} over docker-java with the Apache HttpClient 5 transport. The API version is left
 * unset so the daemon answers at its own version (Docker 20.10 to 29). No response timeout: streaming calls
 * (logs -f, builds, pulls) would be cut; the callers bound their waits themselves.
 */
public final class DockerJavaEngine implements DockerEngine {
    private static final Pattern DOCKER_MESSAGE = Pattern.compile("\"message\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");

    private final DockerClient client;
    private final String host;
    private volatile boolean reachable;

    private DockerJavaEngine(DockerClient client, String host) {
        this.client = client;
        this.host = host;
    }

    /** Connects as the docker CLI would: DOCKER_HOST, DOCKER_TLS_VERIFY, DOCKER_CERT_PATH, DOCKER_CONTEXT. */
    public static DockerJavaEngine fromEnvironment() {
        DockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder().build();
        SSLConfig ssl = config.getSSLConfig();
        if (ssl == null && "unix".equals(config.getDockerHost().getScheme())) {
            ssl = DockerJavaEngine::noTlsContext;
        }
        ApacheDockerHttpClient http = new ApacheDockerHttpClient.Builder()
                .dockerHost(config.getDockerHost())
                .sslConfig(ssl)
                .maxConnections(32)
                .connectionTimeout(Duration.ofSeconds(5))
                .build();
        return new DockerJavaEngine(DockerClientImpl.getInstance(config, http), config.getDockerHost().toString());
    }

    /**
     * The HTTP client always sets up TLS, and without a context of ours it loads the JVM's CA store (~50 ms of
     * certificate parsing at every start). A Unix socket never speaks TLS: give it a context that trusts
     * nothing, so any attempt would fail rather than pass.
     */
    private static SSLContext noTlsContext() throws NoSuchAlgorithmException, KeyManagementException {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(new KeyManager[0], new TrustManager[0], null);
        return context;
    }

    @Override
    public String host() {
        return host;
    }

    @Override
    public Optional<Path> localSocket() {
        return host.startsWith("unix://") ? Optional.of(Path.of(host.substring("unix://".length()))) : Optional.empty();
    }

    @Override
    public void ping() {
        if (!reachable) {
            call("reach the Docker engine", () -> client.pingCmd().exec());
            reachable = true; // once answered, later pings of the same operation add nothing
        }
    }

    @Override
    public EngineInfo info() {
        var info = call("read the engine's info", () -> client.infoCmd().exec());
        return new EngineInfo(String.valueOf(info.getServerVersion()),
                info.getMemTotal() == null ? 0 : info.getMemTotal());
    }

    // ---- images ----

    @Override
    public Optional<String> imageId(String reference) {
        return lookup("inspect image " + reference, () -> client.inspectImageCmd(reference).exec().getId());
    }

    @Override
    public void pullImage(String reference, Consumer<ProgressEvent.Transfer> progress) {
        ImageReference ref = ImageReference.parse(reference);
        String step = "pull " + reference;
        Map<String, long[]> layers = new ConcurrentHashMap<>();
        PullImageResultCallback callback = new PullImageResultCallback() {
            @Override
            public void onNext(PullResponseItem item) {
                super.onNext(item);
                if (item.getId() != null && item.getProgressDetail() != null
                        && item.getProgressDetail().getTotal() != null && item.getProgressDetail().getTotal() > 0) {
                    layers.put(item.getId(), new long[] {
                            item.getProgressDetail().getCurrent() == null ? 0 : item.getProgressDetail().getCurrent(),
                            item.getProgressDetail().getTotal()});
                } else if (item.getId() != null && item.getStatus() != null
                        && (item.getStatus().startsWith("Pull complete") || item.getStatus().startsWith("Already exists"))) {
                    long[] l = layers.get(item.getId());
                    if (l != null) {
                        l[0] = l[1];
                    }
                }
                long current = 0;
                long total = 0;
                for (long[] l : layers.values()) {
                    current += l[0];
                    total += l[1];
                }
                progress.accept(new ProgressEvent.Transfer(step, item.getStatus() == null ? "" : item.getStatus(),
                        current, total));
            }
        };
        call("pull image " + reference, () -> {
            try {
                return client.pullImageCmd(ref.repository()).withTag(ref.tag()).exec(callback).awaitCompletion();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new EngineException("Interrupted while pulling " + reference, e);
            }
        });
        if (imageId(reference).isEmpty()) {
            throw new EngineException("Pulling " + reference + " ended without the image being present.");
        }
    }

    @Override
    public String buildImage(byte[] contextTar, String tag, Map<String, String> labels, Consumer<String> output) {
        BuildImageResultCallback callback = new BuildImageResultCallback() {
            @Override
            public void onNext(BuildResponseItem item) {
                super.onNext(item); // keeps the image id
                if (item.getStream() != null && !item.getStream().isBlank()) {
                    output.accept(item.getStream().strip());
                }
                if (item.getErrorDetail() != null && item.getErrorDetail().getMessage() != null) {
                    output.accept(item.getErrorDetail().getMessage().strip());
                }
            }
        };
        return call("build image " + tag, () -> client.buildImageCmd()
                .withTarInputStream(new ByteArrayInputStream(contextTar))
                .withTags(Set.of(tag))
                .withLabels(labels)
                .withRemove(true)
                .withForcerm(true)
                .exec(callback)
                .awaitImageId());
    }

    @Override
    public List<String> imagesWithLabel(String label) {
        List<Image> images = call("list images labelled " + label,
                () -> client.listImagesCmd().withShowAll(true).withLabelFilter(label).exec());
        return images.stream().map(Image::getId).toList();
    }

    @Override
    public boolean removeImage(String reference) {
        return lookup("remove image " + reference, () -> {
            client.removeImageCmd(reference).withForce(false).exec();
            return true;
        }).isPresent();
    }

    @Override
    public boolean imageInUse(String reference) {
        if (imageId(reference).isEmpty()) {
            return false;
        }
        return !call("list containers of image " + reference, () -> client.listContainersCmd()
                .withShowAll(true).withAncestorFilter(List.of(reference)).exec()).isEmpty();
    }

    // ---- networks ----

    @Override
    public Optional<NetworkInfo> network(String name) {
        List<Network> found = call("list networks", () -> client.listNetworksCmd().withNameFilter(name).exec());
        // The name filter matches substrings; only an exact name counts.
        return found.stream().filter(n -> name.equals(n.getName())).findFirst()
                .map(n -> new NetworkInfo(n.getId(), n.getName(), n.getLabels() == null ? Map.of() : n.getLabels()));
    }

    @Override
    public List<NetworkInfo> networks(Map<String, String> labels) {
        List<String> filter = labels.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList();
        List<Network> found = call("list networks", () -> client.listNetworksCmd().withFilter("label", filter).exec());
        return found.stream()
                .map(n -> new NetworkInfo(n.getId(), n.getName(), n.getLabels() == null ? Map.of() : n.getLabels()))
                .toList();
    }

    @Override
    public void createNetwork(NetworkSpec spec) {
        call("create network " + spec.name(), () -> client.createNetworkCmd()
                .withName(spec.name()).withDriver("bridge").withLabels(spec.labels()).withCheckDuplicate(true).exec());
    }

    @Override
    public void removeNetwork(String name) {
        // Already gone is fine: down is idempotent.
        lookup("remove network " + name, () -> {
            client.removeNetworkCmd(name).exec();
            return true;
        });
    }

    // ---- containers ----

    @Override
    public List<ContainerInfo> containers(Map<String, String> labels) {
        List<Container> found = call("list containers", () -> client.listContainersCmd()
                .withShowAll(true).withLabelFilter(labels).exec());
        return found.stream().map(DockerJavaEngine::toInfo).toList();
    }

    @Override
    public List<ContainerInfo> runningContainersWithPorts() {
        List<Container> found = call("list containers", () -> client.listContainersCmd().exec());
        return found.stream().map(DockerJavaEngine::toInfo).filter(c -> !c.ports().isEmpty()).toList();
    }

    @Override
    public Optional<ContainerInfo> container(String nameOrId) {
        Optional<InspectContainerResponse> found = lookup("inspect container " + nameOrId,
                () -> client.inspectContainerCmd(nameOrId).exec());
        return found.map(r -> {
            String health = r.getState().getHealth() == null ? "" : r.getState().getHealth().getStatus();
            List<String> ports = new ArrayList<>();
            if (r.getNetworkSettings() != null && r.getNetworkSettings().getPorts() != null) {
                r.getNetworkSettings().getPorts().getBindings().forEach((exposed, bindings) -> {
                    if (bindings != null) {
                        for (Ports.Binding b : bindings) {
                            ports.add(b.getHostIp() + ":" + b.getHostPortSpec() + "->" + exposed.getPort() + "/"
                                    + exposed.getProtocol());
                        }
                    }
                });
            }
            return new ContainerInfo(r.getId(), stripSlash(r.getName()), r.getConfig().getImage(), r.getImageId(),
                    r.getConfig().getLabels() == null ? Map.of() : r.getConfig().getLabels(),
                    r.getState().getStatus(), health == null ? "" : health, ports);
        });
    }

    @Override
    public String createContainer(ContainerSpec spec) {
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
        return call("create container " + spec.name(), () -> cmd.exec().getId());
    }

    @Override
    public String createScratchContainer(String image, List<String> command, Map<String, String> labels) {
        return call("create a container from " + image, () -> client.createContainerCmd(image)
                .withCmd(command).withLabels(labels).exec().getId());
    }

    @Override
    public void startContainer(String id) {
        call("start container " + id, () -> {
            client.startContainerCmd(id).exec();
            return null;
        });
    }

    @Override
    public void stopContainer(String id, Duration grace) {
        lookup("stop container " + id, () -> {
            client.stopContainerCmd(id).withTimeout((int) grace.toSeconds()).exec();
            return true;
        });
    }

    @Override
    public void removeContainer(String id) {
        lookup("remove container " + id, () -> {
            client.removeContainerCmd(id).withForce(true).withRemoveVolumes(true).exec();
            return true;
        });
    }

    @Override
    public ExecResult exec(String container, List<String> cmd, Map<String, String> env, Duration timeout) {
        String what = "run " + cmd.get(0) + " in container " + container;
        List<String> envList = env.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList();
        ExecCreateCmdResponse created = call(what, () -> client.execCreateCmd(container)
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
        boolean finished = call(what, () -> {
            try {
                return client.execStartCmd(created.getId()).exec(callback)
                        .awaitCompletion(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new EngineException("Interrupted while waiting for: " + what, e);
            }
        });
        closeQuietly(callback);
        if (!finished) {
            throw new EngineException("Timed out after " + timeout.toSeconds() + " s waiting for: " + what + ".");
        }
        Long code = call(what, () -> client.inspectExecCmd(created.getId()).exec().getExitCodeLong());
        synchronized (callback) {
            return new ExecResult(code == null ? -1 : code.intValue(), out.toString(StandardCharsets.UTF_8),
                    err.toString(StandardCharsets.UTF_8));
        }
    }

    @Override
    public byte[] readFile(String container, String path) {
        return call("read " + path + " from container " + container, () -> {
            try (InputStream raw = client.copyArchiveFromContainerCmd(container, path).exec();
                 TarArchiveInputStream tar = new TarArchiveInputStream(raw)) {
                TarArchiveEntry entry;
                while ((entry = tar.getNextEntry()) != null) {
                    if (entry.isFile()) {
                        return tar.readAllBytes();
                    }
                }
                throw new EngineException(path + " in container " + container + " is not a regular file.");
            } catch (IOException e) {
                throw new EngineException("Cannot read " + path + " from container " + container + ": "
                        + e.getMessage(), e);
            }
        });
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
        LineSplitter stdout = new LineSplitter(text -> sink.accept(new LogLine(container, false, text)));
        LineSplitter stderr = new LineSplitter(text -> sink.accept(new LogLine(container, true, text)));
        ResultCallback.Adapter<Frame> callback = new ResultCallback.Adapter<>() {
            @Override
            public void onNext(Frame frame) {
                (frame.getStreamType() == StreamType.STDERR ? stderr : stdout).accept(frame.getPayload());
            }

            @Override
            public void onComplete() {
                stdout.flush();
                stderr.flush();
                super.onComplete();
                onEnd.run();
            }

            @Override
            public void onError(Throwable throwable) {
                stdout.flush();
                stderr.flush();
                super.onError(throwable);
                onEnd.run();
            }
        };
        var cmd = client.logContainerCmd(container).withStdOut(true).withStdErr(true).withFollowStream(follow);
        if (tail >= 0) {
            cmd.withTail(tail);
        } else {
            cmd.withTailAll();
        }
        call("read the logs of container " + container, () -> cmd.exec(callback));
        if (!follow) {
            call("read the logs of container " + container, () -> {
                try {
                    return callback.awaitCompletion(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            });
        }
        return callback;
    }

    @Override
    public void close() {
        closeQuietly(client);
    }

    // ---- mapping and error translation ----

    private static ContainerInfo toInfo(Container c) {
        List<String> ports = new ArrayList<>();
        if (c.getPorts() != null) {
            for (ContainerPort p : c.getPorts()) {
                if (p.getPublicPort() != null) {
                    ports.add(p.getIp() + ":" + p.getPublicPort() + "->" + p.getPrivatePort() + "/" + p.getType());
                }
            }
        }
        String name = c.getNames() == null || c.getNames().length == 0 ? c.getId() : stripSlash(c.getNames()[0]);
        return new ContainerInfo(c.getId(), name, c.getImage(), c.getImageId(),
                c.getLabels() == null ? Map.of() : c.getLabels(),
                c.getState(), healthFromStatus(c.getStatus()), ports);
    }

    /** The list API only reports health inside its status text: "Up 3 minutes (healthy)". */
    static String healthFromStatus(String status) {
        if (status == null) {
            return "";
        }
        if (status.contains("(healthy)")) {
            return "healthy";
        }
        if (status.contains("(unhealthy)")) {
            return "unhealthy";
        }
        if (status.contains("(health: starting)")) {
            return "starting";
        }
        return "";
    }

    private static String stripSlash(String name) {
        return name.startsWith("/") ? name.substring(1) : name;
    }

    private static RestartPolicy restartPolicy(String policy) {
        return switch (policy) {
            case "always" -> RestartPolicy.alwaysRestart();
            case "unless-stopped" -> RestartPolicy.unlessStoppedRestart();
            case "on-failure" -> RestartPolicy.onFailureRestart(5);
            default -> RestartPolicy.noRestart();
        };
    }

    private interface Call<T> {
        T run();
    }

    /** Like {@link #call}, but "not found" is an empty result instead of an error. */
    private <T> Optional<T> lookup(String action, Call<T> call) {
        try {
            return Optional.ofNullable(call(action, call, true));
        } catch (NotFound e) {
            return Optional.empty();
        }
    }

    private <T> T call(String action, Call<T> call) {
        return call(action, call, false);
    }

    /** Translates docker-java's failures into {@link EngineException}s that name the action. */
    private <T> T call(String action, Call<T> call, boolean notFoundIsEmpty) {
        try {
            return call.run();
        } catch (NotFoundException e) {
            if (notFoundIsEmpty) {
                throw new NotFound();
            }
            throw new EngineException("Docker failed to " + action + ": " + dockerMessage(e) + ".", e);
        } catch (NotModifiedException e) {
            return null;
        } catch (ConflictException e) {
            throw new EngineException("Docker refused to " + action + ": " + dockerMessage(e) + ".", e);
        } catch (DockerException e) {
            throw new EngineException("Docker failed to " + action + ": " + dockerMessage(e) + ".", e);
        } catch (EngineException e) {
            throw e;
        } catch (RuntimeException e) {
            Throwable io = rootIo(e);
            if (io != null) {
                throw new EngineUnavailableException("Cannot reach the Docker engine at " + host + " (" + describe(io)
                        + "). Start Docker (for example `sudo systemctl start docker` or `dockerd &`), or point "
                        + "DOCKER_HOST at a running engine.", e);
            }
            throw new EngineException("Failed to " + action + ": " + describe(e) + ".", e);
        }
    }

    /** Internal signal of {@link #lookup}; never leaves this class. */
    private static final class NotFound extends RuntimeException {
        NotFound() {
            super(null, null, false, false);
        }
    }

    private static Throwable rootIo(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof IOException) {
                return t;
            }
        }
        return null;
    }

    private static String describe(Throwable t) {
        Throwable deepest = t;
        while (deepest.getCause() != null && deepest.getCause() != deepest) {
            deepest = deepest.getCause();
        }
        String msg = deepest.getMessage();
        return msg == null || msg.isBlank() ? deepest.getClass().getSimpleName() : msg.strip();
    }

    /** docker-java puts the engine's JSON body in the message; keep only the engine's sentence. */
    static String dockerMessage(DockerException e) {
        String msg = e.getMessage() == null ? "" : e.getMessage();
        Matcher m = DOCKER_MESSAGE.matcher(msg);
        if (m.find()) {
            return m.group(1).replace("\\\"", "\"").replace("\\n", " ").strip();
        }
        return msg.replaceFirst("^Status \\d+:\\s*", "").strip();
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception ignored) {
            // nothing useful to do while closing
        }
    }
}
