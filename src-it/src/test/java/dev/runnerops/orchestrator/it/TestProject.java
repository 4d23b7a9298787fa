package dev.runnerops.orchestrator.it;

import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Network;
import dev.runnerops.orchestrator.api.Orchestrator;
import dev.runnerops.orchestrator.event.ProgressEvent;
import dev.runnerops.orchestrator.event.StepKind;
import dev.runnerops.orchestrator.config.ConfigLoader;
import dev.runnerops.orchestrator.state.StateLayout;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * One orchestrator project of a test: a unique name, its own folder with orchestrator.toml and state, and
 * the clean-up of exactly what it created (containers and networks by its project label, images it pulled,
 * its folder).
 */
final class TestProject implements AutoCloseable {
    final String name;
    final Path dir;
    final Path configFile;
    final Path credentials;
    /** Events of every operation run through {@link #orchestrator()}. */
    final List<ProgressEvent> events = new CopyOnWriteArrayList<>();
    /** Environment for ${VAR} references: given to in-process loads and to CLI runs. */
    final Map<String, String> env = new LinkedHashMap<>();
    private final Map<String, Map<String, Object>> tables = new LinkedHashMap<>();
    /** {@code [[hosts]]} entries, written after the tables. */
    private final List<Map<String, Object>> hosts = new ArrayList<>();

    private TestProject(String name, Path dir) throws IOException {
        this.name = name;
        this.dir = dir;
        this.configFile = dir.resolve("orchestrator.toml");
        this.credentials = dir.resolve("aws-credentials");
        Files.writeString(credentials, "[default]\naws_access_key_id = AKIAEXAMPLEEXAMPLE00\n"
                + "aws_secret_access_key = it-fake-secret-key-not-real\nregion = eu-west-1\n");
        set("project", "name", name);
        set("project", "state_dir", "state");
        set("network", "name", name + "-net");
        set("runner", "image", StandIns.RUNNER);
        set("runner", "name", name + "-runner");
        set("runner", "restart", "no");
        // Debian's real docker-credential-ecr-login; the build path has its own test.
        set("helper", "source", "local");
        set("helper", "local_path", "/usr/bin/docker-credential-ecr-login");
        set("aws", "credentials_file", credentials.toString());
        set("aws", "region", "eu-west-1");
        set("aws", "ecr_registries", List.of("123456789012.dkr.ecr.eu-west-1.amazonaws.com"));
        set("server", "image", StandIns.GITLAB);
        set("server", "hostname", name + "-gitlab");
        set("server", "http_port", freePort());
        set("server", "ssh_port", freePort());
        set("server", "ready_timeout", "120s");
        set("server", "environment", Map.of("STANDIN_BOOT_SECONDS", "2"));
        write();
    }

    static TestProject create() throws IOException {
        TestDocker.sweepLeftovers();
        StandIns.requirePresent();
        String name = TestDocker.PROJECT_PREFIX + UUID.randomUUID().toString().substring(0, 8);
        return new TestProject(name, Files.createTempDirectory(name));
    }

    /** Sets a setting and rewrites the file. */
    TestProject set(String table, String key, Object value) {
        tables.computeIfAbsent(table, t -> new LinkedHashMap<>()).put(key, value);
        return this;
    }

    /** Adds a {@code [[hosts]]} entry (write() writes it). */
    TestProject host(Map<String, Object> entry) {
        hosts.add(new LinkedHashMap<>(entry));
        return this;
    }

    TestProject write() throws IOException {
        StringBuilder toml = new StringBuilder();
        tables.forEach((table, values) -> {
            toml.append('[').append(table).append("]\n");
            values.forEach((k, v) -> toml.append(k).append(" = ").append(toToml(v)).append('\n'));
        });
        for (Map<String, Object> entry : hosts) {
            toml.append("[[hosts]]\n");
            entry.forEach((k, v) -> toml.append(k).append(" = ").append(toToml(v)).append('\n'));
        }
        Files.writeString(configFile, toml.toString(), StandardCharsets.UTF_8);
        return this;
    }

    private static String toToml(Object v) {
        if (v instanceof String s) {
            return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
        }
        if (v instanceof List<?> l) {
            return l.stream().map(TestProject::toToml).collect(Collectors.joining(", ", "[", "]"));
        }
        if (v instanceof Map<?, ?> m) {
            return m.entrySet().stream().map(e -> e.getKey() + " = " + toToml(e.getValue()))
                    .collect(Collectors.joining(", ", "{ ", " }"));
        }
        return String.valueOf(v);
    }

    Object get(String table, String key) {
        return tables.getOrDefault(table, Map.of()).get(key);
    }

    /** The files and folders under {@code relative} in the project's folder, for assertion messages. */
    String filesUnder(String relative) throws IOException {
        Path root = dir.resolve(relative);
        if (!Files.exists(root)) {
            return "";
        }
        try (Stream<Path> files = Files.walk(root)) {
            return files.map(Path::toString).collect(Collectors.joining("\n", "\nfiles left:\n", ""));
        }
    }

    StateLayout state() {
        return new StateLayout(dir.resolve("state"));
    }

    Orchestrator orchestrator() {
        Map<String, String> all = new LinkedHashMap<>(System.getenv());
        all.putAll(env);
        return Orchestrator.builder(new ConfigLoader(all, Path.of(System.getProperty("user.home"))).load(configFile))
                .listener(events::add).build();
    }

    String runnerContainer() {
        return name + "-runner";
    }

    String gitlabContainer() {
        return name + "-gitlab";
    }

    String network() {
        return name + "-net";
    }

    /** How the finished steps of that kind, on resources starting with {@code resourcePrefix}, ended ("built"). */
    List<String> outcomes(StepKind kind, String resourcePrefix) {
        return events.stream().filter(e -> e instanceof ProgressEvent.StepFinished f && f.step().kind() == kind
                        && f.step().resource().startsWith(resourcePrefix))
                .map(e -> ((ProgressEvent.StepFinished) e).outcomeText()).toList();
    }

    /** Runs the shaded CLI as a user would: its own JVM, exit code, stdout, stderr. */
    CliResult cli(Map<String, String> extraEnv, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(javaBin(), "-jar", System.getProperty("orchestrator.jar"),
                "--config", configFile.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
        pb.environment().putAll(env);
        pb.environment().putAll(extraEnv);
        Path out = dir.resolve("cli.out");
        Path err = dir.resolve("cli.err");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process p = pb.start();
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IllegalStateException("CLI did not finish: " + cmd);
        }
        return new CliResult(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    CliResult cli(String... args) throws IOException, InterruptedException {
        return cli(Map.of(), args);
    }

    /** A CLI run in the background, for runs side by side or killed half-way. */
    final class RunningCli {
        private final Process process;
        private final Path out;
        private final Path err;

        private RunningCli(Process process, Path out, Path err) {
            this.process = process;
            this.out = out;
            this.err = err;
        }

        String stderrSoFar() throws IOException {
            return Files.readString(err);
        }

        /** Waits until stderr holds {@code text}, at most {@code seconds}. */
        boolean awaitStderr(String text, int seconds) throws IOException, InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            while (System.nanoTime() < deadline) {
                if (stderrSoFar().contains(text)) {
                    return true;
                }
                if (!process.isAlive()) {
                    return stderrSoFar().contains(text);
                }
                Thread.sleep(100);
            }
            return false;
        }

        /** SIGKILL: no clean-up, no lock release but the operating system's. */
        void kill() throws InterruptedException {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }

        CliResult await() throws IOException, InterruptedException {
            if (!process.waitFor(5, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException("CLI did not finish");
            }
            return new CliResult(process.exitValue(), Files.readString(out), Files.readString(err));
        }
    }

    RunningCli cliInBackground(String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(javaBin(), "-jar", System.getProperty("orchestrator.jar"),
                "--config", configFile.toString()));
        cmd.addAll(List.of(args));
        String id = UUID.randomUUID().toString().substring(0, 8);
        Path out = dir.resolve("cli-" + id + ".out");
        Path err = dir.resolve("cli-" + id + ".err");
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
        pb.environment().putAll(env);
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        return new RunningCli(pb.start(), out, err);
    }

    record CliResult(int exitCode, String stdout, String stderr) {
        String all() {
            return stdout + stderr;
        }
    }

    static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() throws IOException {
        var client = TestDocker.client();
        for (Container c : TestDocker.projectContainers(name)) {
            client.removeContainerCmd(c.getId()).withForce(true).withRemoveVolumes(true).exec();
        }
        for (Network n : TestDocker.projectNetworks(name)) {
            client.removeNetworkCmd(n.getId()).exec();
        }
        // Images published to a test registry carry the project name in their references.
        for (var image : client.listImagesCmd().exec()) {
            TestDocker.untagReferences(image, "/" + name + "/");
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
