package dev.runnerops.orchestrator.engine;

import dev.runnerops.orchestrator.errors.EngineException;
import dev.runnerops.orchestrator.plan.ContainerSpec;
import dev.runnerops.orchestrator.plan.NetworkSpec;
import dev.runnerops.orchestrator.plan.PortBinding;
import java.io.Closeable;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * An in-memory Docker engine for unit tests of steps and operations: it keeps containers, networks, images and
 * files, answers execs from scripted rules, fails where a real engine fails (a taken name, a taken port, an
 * image that cannot be pulled, a network in use), and records every call that changes something. It never
 * claims that the Docker path works: the integration tests do that against a real engine.
 */
public final class FakeDockerEngine implements DockerEngine {
    /** A container as the fake keeps it. */
    public static final class Container {
        public final String id;
        public String name;
        public final String image;
        public final String imageId;
        public final Map<String, String> labels;
        public final List<PortBinding> ports;
        public final String network;
        public String state = "created";
        public final Map<String, byte[]> files = new LinkedHashMap<>();
        public final List<String> logs = new ArrayList<>();
        public final List<ContainerDetails.Mount> mounts = new ArrayList<>();
        /** Mount target to volume name, for the volumes this container mounts. */
        public final Map<String, String> volumeTargets = new LinkedHashMap<>();
        public boolean privileged;

        Container(String id, String name, String image, String imageId, Map<String, String> labels,
                  List<PortBinding> ports, String network) {
            this.id = id;
            this.name = name;
            this.image = image;
            this.imageId = imageId;
            this.labels = Map.copyOf(labels);
            this.ports = List.copyOf(ports);
            this.network = network;
        }

        public boolean running() {
            return state.equals("running");
        }
    }

    /** One exec as the fake received it. */
    public record ExecCall(String container, List<String> cmd, Map<String, String> env) {}

    private record ExecRule(Predicate<ExecCall> matches, Function<ExecCall, ExecResult> answer) {}

    private final Map<String, Container> containers = new LinkedHashMap<>();
    private final Map<String, NetworkInfo> networks = new LinkedHashMap<>();
    private final Map<String, String> images = new LinkedHashMap<>();
    private final List<String> pullable = new ArrayList<>();
    private final List<ExecRule> execRules = new ArrayList<>();
    private final List<Consumer<ContainerSpec>> createChecks = new ArrayList<>();
    private final List<ExecCall> execs = new ArrayList<>();
    private final List<String> calls = new ArrayList<>();
    private final AtomicInteger ids = new AtomicInteger();
    private final List<ExecRule> probeRules = new ArrayList<>();
    private final List<ProbeSpec> probes = new ArrayList<>();
    private final Map<String, String> registryPasswords = new LinkedHashMap<>();
    /** Volume name to its labels, and to its files (path relative to the volume to bytes). */
    private final Map<String, Map<String, String>> volumeLabels = new LinkedHashMap<>();
    private final Map<String, Map<String, byte[]>> volumeFiles = new LinkedHashMap<>();
    private Predicate<Container> failStart = c -> false;
    private Path socket = Path.of("/var/run/docker.sock");
    private EngineInfo info = new EngineInfo("20.10.24", "1.41", "linux", "x86_64", 16L << 30, "/var/lib/docker");
    private boolean reachable = true;
    private boolean remote;

    // ---- set-up ----

    public FakeDockerEngine withImage(String reference) {
        images.put(reference, "sha256:" + reference.hashCode());
        return this;
    }

    public FakeDockerEngine withPullable(String reference) {
        pullable.add(reference);
        return this;
    }

    public FakeDockerEngine withSocket(Path socket) {
        this.socket = socket;
        return this;
    }

    public FakeDockerEngine withInfo(EngineInfo info) {
        this.info = info;
        return this;
    }

    /** An engine reached over TCP: no socket of this machine. */
    public FakeDockerEngine remote() {
        remote = true;
        return this;
    }

    public FakeDockerEngine unreachable() {
        reachable = false;
        return this;
    }

    /** Runs {@code check} on every container about to be created (what must exist by then). */
    public FakeDockerEngine onCreate(Consumer<ContainerSpec> check) {
        createChecks.add(check);
        return this;
    }

    /** Answers execs that {@code matches} accepts; later rules win over earlier ones. */
    public FakeDockerEngine onExec(Predicate<ExecCall> matches, Function<ExecCall, ExecResult> answer) {
        execRules.add(0, new ExecRule(matches, answer));
        return this;
    }

    /** Answers execs whose command starts with these words. */
    public FakeDockerEngine onExec(List<String> prefix, ExecResult result) {
        return onExec(prefix, call -> result);
    }

    /** Answers execs whose command starts with these words, as the function says (it may change files first). */
    public FakeDockerEngine onExec(List<String> prefix, Function<ExecCall, ExecResult> answer) {
        return onExec(call -> call.cmd().size() >= prefix.size() && call.cmd().subList(0, prefix.size()).equals(prefix),
                answer);
    }

    /** Answers probe containers whose command contains {@code text} (the probe's exec call has no container). */
    public FakeDockerEngine onProbe(String text, ExecResult result) {
        probeRules.add(0, new ExecRule(call -> String.join(" ", call.cmd()).contains(text), call -> result));
        return this;
    }

    /** A registry the engine can log in to with user AWS and this password. */
    public FakeDockerEngine withRegistry(String host, String password) {
        registryPasswords.put(host, password);
        return this;
    }

    public synchronized List<ProbeSpec> probes() {
        return List.copyOf(probes);
    }

    /** Containers for which start fails, as when a bind source vanished or a port is taken. */
    public FakeDockerEngine failStartOf(Predicate<Container> which) {
        this.failStart = which;
        return this;
    }

    /** A container that exists before the code under test runs. */
    public synchronized Container addContainer(ContainerSpec spec, boolean running) {
        String id = createContainer(spec);
        Container c = containers.get(id);
        c.state = running ? "running" : "exited";
        calls.clear();
        return c;
    }

    public synchronized NetworkInfo addNetwork(String name, Map<String, String> labels) {
        String id = "net" + ids.incrementAndGet();
        NetworkInfo n = new NetworkInfo(id, name, labels);
        networks.put(id, n);
        return n;
    }

    // ---- what tests look at ----

    /** "create NAME", "start NAME", "stop NAME", "remove NAME", "rename OLD NEW", "pull REF", "create network N"... */
    public synchronized List<String> calls() {
        return List.copyOf(calls);
    }

    public synchronized List<ExecCall> execs() {
        return List.copyOf(execs);
    }

    public synchronized Optional<Container> containerNamed(String name) {
        return containers.values().stream().filter(c -> c.name.equals(name)).findFirst();
    }

    public synchronized List<Container> allContainers() {
        return List.copyOf(containers.values());
    }

    public synchronized List<NetworkInfo> allNetworks() {
        return List.copyOf(networks.values());
    }

    public synchronized boolean hasImage(String reference) {
        return images.containsKey(reference);
    }

    // ---- DockerEngine ----

    @Override
    public String host() {
        return remote ? "tcp://engine.example:2376" : "unix://" + socket;
    }

    @Override
    public Optional<Path> localSocket() {
        return remote ? Optional.empty() : Optional.of(socket);
    }

    @Override
    public void ping() {
        if (!reachable) {
            throw new dev.runnerops.orchestrator.errors.EngineUnavailableException(host(), "Cannot reach the Docker "
                    + "engine at " + host() + " (fake).", null);
        }
    }

    @Override
    public EngineInfo info() {
        return info;
    }

    @Override
    public synchronized Optional<String> imageId(String reference) {
        return Optional.ofNullable(images.get(reference));
    }

    @Override
    public synchronized void pullImage(String reference, PullProgress progress) {
        calls.add("pull " + reference);
        if (!pullable.contains(reference)) {
            throw new EngineException("pull image", reference, "Docker failed to pull image " + reference
                    + ": manifest unknown.");
        }
        progress.update("Downloading", 50, 100);
        progress.update("Pull complete", 100, 100);
        images.put(reference, "sha256:pulled-" + reference.hashCode());
    }

    @Override
    public synchronized String buildImage(byte[] contextTar, String tag, Map<String, String> labels,
                                          Consumer<String> output) {
        calls.add("build " + tag);
        images.put(tag, "sha256:built-" + tag.hashCode());
        return images.get(tag);
    }

    @Override
    public synchronized List<String> imagesWithLabel(String label) {
        return List.of();
    }

    @Override
    public synchronized boolean removeImage(String reference) {
        calls.add("remove image " + reference);
        return images.remove(reference) != null;
    }

    @Override
    public synchronized boolean imageInUse(String reference) {
        return containers.values().stream().anyMatch(c -> c.image.equals(reference));
    }

    @Override
    public synchronized List<NetworkInfo> networksNamed(String name) {
        return networks.values().stream().filter(n -> n.name().equals(name)).toList();
    }

    @Override
    public synchronized List<NetworkInfo> networks(Map<String, String> labels) {
        return networks.values().stream()
                .filter(n -> labels.entrySet().stream().allMatch(e -> e.getValue().equals(n.labels().get(e.getKey()))))
                .toList();
    }

    @Override
    public synchronized void createNetwork(NetworkSpec spec) {
        calls.add("create network " + spec.name());
        addNetwork(spec.name(), spec.labels());
    }

    @Override
    public synchronized void removeNetwork(String idOrName) {
        NetworkInfo n = networks.get(idOrName);
        if (n == null) {
            n = networks.values().stream().filter(x -> x.name().equals(idOrName)).findFirst().orElse(null);
        }
        if (n == null) {
            return;
        }
        String name = n.name();
        if (containers.values().stream().anyMatch(c -> c.running() && c.network.equals(name))) {
            throw new EngineException("remove network", idOrName, "Docker refused to remove network " + name
                    + ": error while removing network: network " + name + " has active endpoints.");
        }
        calls.add("remove network " + name);
        networks.remove(n.id());
    }

    @Override
    public synchronized List<ContainerInfo> containers(Map<String, String> labels) {
        return containers.values().stream()
                .filter(c -> labels.entrySet().stream().allMatch(e -> e.getValue().equals(c.labels.get(e.getKey()))))
                .map(FakeDockerEngine::info).toList();
    }

    @Override
    public synchronized Optional<ContainerInfo> container(String nameOrId) {
        return find(nameOrId).map(FakeDockerEngine::info);
    }

    @Override
    public synchronized List<ContainerInfo> runningContainersWithPorts() {
        return containers.values().stream().filter(c -> c.running() && !c.ports.isEmpty())
                .map(FakeDockerEngine::info).toList();
    }

    // ---- volumes ----

    /** A file of a volume, as a test looks at it. */
    public synchronized Optional<byte[]> volumeFile(String volume, String relative) {
        return Optional.ofNullable(volumeFiles.getOrDefault(volume, Map.of()).get(relative));
    }

    public synchronized List<String> allVolumes() {
        return List.copyOf(volumeLabels.keySet());
    }

    @Override
    public synchronized String ensureVolume(String name, Map<String, String> labels) {
        if (!volumeLabels.containsKey(name)) {
            calls.add("create volume " + name);
            volumeLabels.put(name, Map.copyOf(labels));
            volumeFiles.put(name, new LinkedHashMap<>());
        }
        return mountpointOf(name);
    }

    private String mountpointOf(String volume) {
        return info.rootDir() + "/volumes/" + volume + "/_data";
    }

    @Override
    public synchronized Optional<String> volumeMountpoint(String name) {
        return volumeLabels.containsKey(name) ? Optional.of(mountpointOf(name)) : Optional.empty();
    }

    @Override
    public synchronized List<String> volumes(Map<String, String> labels) {
        return volumeLabels.entrySet().stream()
                .filter(v -> labels.entrySet().stream().allMatch(l -> l.getValue().equals(v.getValue().get(l.getKey()))))
                .map(Map.Entry::getKey).toList();
    }

    @Override
    public synchronized void removeVolume(String name) {
        if (containers.values().stream().anyMatch(c -> c.volumeTargets.containsValue(name))) {
            throw new EngineException("remove volume", name, "Docker refused to remove volume " + name
                    + ": volume is in use.");
        }
        if (volumeLabels.remove(name) != null) {
            calls.add("remove volume " + name);
            volumeFiles.remove(name);
        }
    }

    @Override
    public synchronized String createVolumeAccessContainer(String name, String image, Map<String, String> volumeTargets,
                                                           Map<String, String> labels) {
        if (containerNamed(name).isPresent()) {
            throw new EngineException("create container", name, "Conflict. The container name \"/" + name
                    + "\" is already in use.");
        }
        calls.add("create access " + name);
        String id = "c" + ids.incrementAndGet();
        Container c = new Container(id, name, image, images.getOrDefault(image, image), labels, List.of(), "");
        volumeTargets.forEach((volume, target) -> c.volumeTargets.put(target, volume));
        containers.put(id, c);
        return id;
    }

    @Override
    public synchronized void putArchive(String container, String directory, byte[] tar) {
        Container c = require(container, "copy files into container");
        try (var in = new org.apache.commons.compress.archivers.tar.TarArchiveInputStream(
                new java.io.ByteArrayInputStream(tar))) {
            org.apache.commons.compress.archivers.tar.TarArchiveEntry entry;
            while ((entry = in.getNextEntry()) != null) {
                if (entry.isFile()) {
                    store(c, directory + "/" + entry.getName(), in.readAllBytes());
                }
            }
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A path inside a container: into the volume mounted there, else the container's own files. */
    private void store(Container c, String path, byte[] data) {
        for (var mount : c.volumeTargets.entrySet()) {
            if (path.startsWith(mount.getKey() + "/")) {
                volumeFiles.get(mount.getValue()).put(path.substring(mount.getKey().length() + 1), data);
                return;
            }
        }
        c.files.put(path, data);
    }

    private Optional<byte[]> load(Container c, String path) {
        for (var mount : c.volumeTargets.entrySet()) {
            if (path.startsWith(mount.getKey() + "/")) {
                return Optional.ofNullable(volumeFiles.get(mount.getValue()).get(path.substring(mount.getKey().length()
                        + 1)));
            }
        }
        return Optional.ofNullable(c.files.get(path));
    }

    @Override
    public synchronized Optional<Long> fileSize(String container, String path) {
        return load(require(container, "look at " + path + " in container"), path).map(b -> (long) b.length);
    }

    @Override
    public synchronized Optional<ContainerDetails> inspect(String nameOrId) {
        return find(nameOrId).map(c -> new ContainerDetails(info(c), c.privileged, c.mounts, Map.of()));
    }

    @Override
    public synchronized ExecResult runProbe(ProbeSpec spec, Duration timeout) {
        if (!images.containsKey(spec.image())) {
            throw new EngineException("create a probe container from", spec.image(), "No such image: " + spec.image());
        }
        probes.add(spec);
        calls.add("probe " + String.join(" ", spec.cmd()));
        List<String> cmd = new ArrayList<>(spec.entrypoint());
        cmd.addAll(spec.cmd());
        ExecCall call = new ExecCall("(probe)", cmd, Map.of());
        return probeRules.stream().filter(r -> r.matches().test(call)).findFirst().map(r -> r.answer().apply(call))
                .orElse(new ExecResult(127, "", "(fake: no probe rule)"));
    }

    @Override
    public synchronized RegistryLogin checkRegistryLogin(String registry, String username, String password) {
        String expected = registryPasswords.get(registry);
        if (expected == null) {
            return new RegistryLogin(false, "Get \"https://" + registry + "/v2/\": dial tcp: lookup " + registry
                    + ": no such host");
        }
        return username.equals("AWS") && expected.equals(password) ? new RegistryLogin(true, "Login Succeeded")
                : new RegistryLogin(false, "Get \"https://" + registry + "/v2/\": unauthorized: authentication "
                        + "required");
    }

    @Override
    public synchronized String createContainer(ContainerSpec spec) {
        if (containerNamed(spec.name()).isPresent()) {
            throw new EngineException("create container", spec.name(), "Docker refused to create container "
                    + spec.name() + ": Conflict. The container name \"/" + spec.name() + "\" is already in use.");
        }
        if (!images.containsKey(spec.image())) {
            throw new EngineException("create container", spec.name(), "Docker failed to create container "
                    + spec.name() + ": No such image: " + spec.image() + ".");
        }
        createChecks.forEach(check -> check.accept(spec));
        calls.add("create " + spec.name());
        String id = "c" + ids.incrementAndGet();
        Container c = new Container(id, spec.name(), spec.image(), images.get(spec.image()), spec.labels(),
                spec.ports(), spec.network());
        c.privileged = spec.privileged();
        spec.mounts().forEach(m -> c.mounts.add(new ContainerDetails.Mount("bind", m.source().toString(), m.target(),
                m.readOnly())));
        containers.put(id, c);
        return id;
    }

    @Override
    public synchronized Optional<String> claimName(String name, String image, Map<String, String> labels) {
        if (!images.containsKey(image)) {
            throw new EngineException("create container", name, "Docker failed to create container " + name
                    + ": No such image: " + image + ".");
        }
        if (containerNamed(name).isPresent()) {
            return Optional.empty();
        }
        calls.add("claim " + name);
        String id = "c" + ids.incrementAndGet();
        containers.put(id, new Container(id, name, image, images.getOrDefault(image, image), labels, List.of(), ""));
        return Optional.of(id);
    }

    @Override
    public synchronized String createScratchContainer(String image, List<String> cmd, Map<String, String> labels) {
        String id = "c" + ids.incrementAndGet();
        containers.put(id, new Container(id, "scratch-" + id, image, images.getOrDefault(image, image), labels,
                List.of(), ""));
        return id;
    }

    @Override
    public synchronized void startContainer(String id) {
        Container c = require(id, "start container");
        if (c.running()) {
            return;
        }
        if (failStart.test(c)) {
            throw new EngineException("start container", c.name, "Docker failed to start container " + c.name
                    + ": (fake) start refused.");
        }
        for (PortBinding p : c.ports) {
            for (Container other : containers.values()) {
                if (other != c && other.running() && other.ports.stream().anyMatch(o -> o.hostPort() == p.hostPort())) {
                    throw new EngineException("start container", c.name, "Docker failed to start container " + c.name
                            + ": Bind for " + p.hostAddress() + ":" + p.hostPort() + " failed: port is already "
                            + "allocated.");
                }
            }
        }
        calls.add("start " + c.name);
        c.state = "running";
    }

    @Override
    public synchronized void stopContainer(String id, Duration grace) {
        find(id).filter(Container::running).ifPresent(c -> {
            calls.add("stop " + c.name);
            c.state = "exited";
        });
    }

    @Override
    public synchronized void removeContainer(String id) {
        find(id).ifPresent(c -> {
            calls.add("remove " + c.name);
            containers.remove(c.id);
        });
    }

    @Override
    public synchronized void renameContainer(String id, String newName) {
        Container c = require(id, "rename container");
        if (containerNamed(newName).isPresent()) {
            throw new EngineException("rename container", id, "Docker refused to rename container: name " + newName
                    + " is already in use.");
        }
        calls.add("rename " + c.name + " " + newName);
        c.name = newName;
    }

    @Override
    public synchronized ExecResult exec(String container, List<String> cmd, Map<String, String> env, Duration timeout) {
        Container c = require(container, "run " + cmd.get(0) + " in container");
        if (!c.running()) {
            throw new EngineException("run " + cmd.get(0) + " in container", container, "Docker refused to run "
                    + cmd.get(0) + " in container " + container + ": container " + c.id + " is not running.");
        }
        ExecCall call = new ExecCall(c.name, List.copyOf(cmd), Map.copyOf(env));
        execs.add(call);
        return execRules.stream().filter(r -> r.matches().test(call)).findFirst()
                .map(r -> r.answer().apply(call))
                .orElse(new ExecResult(127, "", "OCI runtime exec failed: \"" + cmd.get(0) + "\": executable file not "
                        + "found in $PATH (fake: no rule)"));
    }

    @Override
    public synchronized byte[] readFile(String container, String path) {
        Container c = require(container, "read " + path + " from container");
        byte[] data = load(c, path).orElse(null);
        if (data == null) {
            throw new EngineException("read " + path + " from container", container, "Docker failed to read " + path
                    + " from container " + container + ": Could not find the file " + path + ".");
        }
        return data;
    }

    @Override
    public synchronized void writeFile(String container, String directory, String fileName, byte[] content, int mode) {
        calls.add("write " + directory + "/" + fileName);
        store(require(container, "write file into container"), directory + "/" + fileName, content);
    }

    @Override
    public synchronized List<String> logs(String container, int tail) {
        List<String> lines = require(container, "read the logs of container").logs;
        return List.copyOf(lines.subList(Math.max(0, lines.size() - tail), lines.size()));
    }

    @Override
    public synchronized Closeable streamLogs(String container, int tail, boolean follow, Consumer<LogLine> sink,
                                             Runnable onEnd) {
        Container c = require(container, "read the logs of container");
        List<String> lines = tail < 0 ? c.logs : c.logs.subList(Math.max(0, c.logs.size() - tail), c.logs.size());
        lines.forEach(l -> sink.accept(new LogLine(container, false, l)));
        onEnd.run();
        return () -> { };
    }

    @Override
    public void close() {
        // nothing to release
    }

    private Optional<Container> find(String nameOrId) {
        Container byId = containers.get(nameOrId);
        return byId != null ? Optional.of(byId) : containerNamed(nameOrId);
    }

    private Container require(String nameOrId, String action) {
        return find(nameOrId).orElseThrow(() -> new EngineException(action, nameOrId, "Docker failed to " + action
                + " " + nameOrId + ": No such container: " + nameOrId + "."));
    }

    private static ContainerInfo info(Container c) {
        List<PublishedPort> ports = c.running()
                ? c.ports.stream().map(p -> new PublishedPort(p.hostAddress(), p.hostPort(), p.containerPort(), "tcp"))
                        .toList()
                : List.of();
        return new ContainerInfo(c.id, c.name, c.image, c.imageId, c.labels, c.state, "", ports);
    }
}
