package dev.runnerops.orchestrator.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The whole configuration, validated. Built by {@link ConfigLoader}; every value is final and every path is
 * absolute. Each nested record mirrors one table of {@code orchestrator.toml}.
 *
 * @param source where the values came from (a file path, or the embedded default), for messages
 */
public record OrchestratorConfig(
        String source,
        Project project,
        Network network,
        Runner runner,
        GitLab gitlab,
        Aws aws,
        Helper helper,
        Server server,
        List<Host> hosts) {

    public OrchestratorConfig {
        hosts = List.copyOf(hosts);
    }

    /**
     * The configuration one host of a fleet works with: its own state folder ({@code <state_dir>/hosts/<name>}),
     * and its {@code concurrent} and tags where the entry gives them.
     */
    public OrchestratorConfig forHost(Host host) {
        Project p = new Project(project.name(), project.stateDir().resolve("hosts").resolve(host.name()),
                project.lockTimeout(), project.state());
        Runner r = new Runner(runner.image(), runner.name(), runner.defaultJobImage(), runner.privileged(),
                runner.jobVolumes(), runner.restart(), host.tags().orElse(runner.tags()),
                host.concurrent().orElse(runner.concurrent()));
        return new OrchestratorConfig(source + " (host " + host.name() + ")", p, network, r, gitlab, aws, helper,
                server, List.of());
    }

    /**
     * The configuration of a fleet host that joins the GitLab of {@code up --complete} on the first host: it
     * registers, runner-only, with that GitLab's URL and the runner token created there.
     */
    public OrchestratorConfig joining(String gitlabUrl, Secret runnerToken) {
        // The runner's tags were set when the first host created it; gitlab-runner refuses --tag-list with a glrt-.
        Runner r = new Runner(runner.image(), runner.name(), runner.defaultJobImage(), runner.privileged(),
                runner.jobVolumes(), runner.restart(), List.of(), runner.concurrent());
        return new OrchestratorConfig(source, project, network, r, new GitLab(gitlabUrl, runnerToken), aws, helper,
                server, hosts);
    }

    /**
     * A {@code [[hosts]]} entry: one host of a fleet, reached through a Docker context or an address (with the TLS
     * files of {@code certPath}), with its own {@code concurrent} and tags where given.
     *
     * @param context     a Docker context name; empty when {@code host} is set
     * @param host        tcp://, unix:// address; empty when {@code context} is set
     * @param concurrent  this host's runner.concurrent; empty: the project's
     * @param tags        this host's runner.tags; empty: the project's
     */
    public record Host(String name, String context, String host, Optional<Path> certPath, Optional<Integer> concurrent,
                       Optional<List<String>> tags) {}

    /**
     * {@code [project]}: names, labels, the folder that holds everything the tool writes, how long an operation
     * waits for another one on the same project, and where the files containers mount live.
     */
    public record Project(String name, Path stateDir, Duration lockTimeout, StateLocation state) {}

    /** Where the files that containers mount live. */
    public enum StateLocation {
        /** In the state folder on this machine when the engine is reached through a local socket, else on the engine. */
        AUTO,
        /** In the state folder on this machine, bind-mounted: the engine must run here. */
        HOST,
        /** In named volumes on the engine, written and read through its API: for an engine elsewhere. */
        ENGINE
    }

    /** {@code [network]}: the bridge network the runner (and the server) join. */
    public record Network(String name, boolean external) {}

    /** {@code [runner]}: the gitlab-runner container and how jobs run. */
    public record Runner(
            String image,
            String name,
            String defaultJobImage,
            boolean privileged,
            List<String> jobVolumes,
            String restart,
            List<String> tags,
            int concurrent) {}

    /** {@code [gitlab]}: the GitLab instance to register with in runner-only mode. */
    public record GitLab(String url, Secret token) {
        public boolean hasToken() {
            return !token.isEmpty();
        }
    }

    /** {@code [aws]}: how the ECR credential helper authenticates. */
    public record Aws(
            Optional<Path> credentialsFile,
            String region,
            List<String> ecrRegistries,
            boolean shareCredentialsWithJobs) {}

    /**
     * {@code [helper]}: where the docker-credential-ecr-login binary comes from.
     *
     * @param releaseUrl template with {version} (without the leading v), {os} and {arch}
     * @param sha256     lower-case hex; empty: the jar's table of known releases
     */
    public record Helper(HelperSource source, String version, String releaseUrl, Optional<String> sha256,
                         String builderImage, Path localPath) {
        /** The version as the release bucket names it: 0.11.0 for v0.11.0. */
        public String bareVersion() {
            return version.startsWith("v") ? version.substring(1) : version;
        }
    }

    public enum HelperSource {
        RELEASE, BUILD, LOCAL;

        /** As written in the configuration. */
        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * How the local GitLab is sized: SMALL adds GitLab's documented memory-constrained Omnibus settings,
     * STANDARD keeps GitLab's own defaults.
     */
    public enum ServerProfile {
        SMALL, STANDARD;

        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** {@code [server]}: the local GitLab server started by {@code up --complete}. */
    public record Server(
            String image,
            ServerProfile profile,
            String hostname,
            String publishAddress,
            int httpPort,
            int sshPort,
            long shmSizeBytes,
            Secret rootPassword,
            Duration readyTimeout,
            String extraOmnibusConfig,
            Map<String, String> environment) {

        /** The URL GitLab knows itself by, and the one the runner registers with. */
        public String externalUrl() {
            return "http://" + hostname + ":" + httpPort;
        }

        /** Where this machine reaches GitLab's published HTTP port. */
        public String hostUrl() {
            String address = publishAddress.equals("0.0.0.0") ? "127.0.0.1" : publishAddress;
            return "http://" + address + ":" + httpPort;
        }
    }
}
