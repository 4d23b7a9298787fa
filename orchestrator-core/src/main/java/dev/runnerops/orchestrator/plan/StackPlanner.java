package dev.runnerops.orchestrator.plan;

import dev.runnerops.orchestrator.config.Mode;
import dev.runnerops.orchestrator.config.OrchestratorConfig;
import dev.runnerops.orchestrator.plan.BindMount.SourceKind;
import dev.runnerops.orchestrator.state.StateLayout;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns the configuration into the desired network, containers and registration: the original's compose
 * files and register scripts, as data. Pure: no Docker, no file system.
 */
public final class StackPlanner {
    public static final String RUNNER_CONFIG_TARGET = "/etc/gitlab-runner";
    public static final String DOCKER_SOCKET_TARGET = "/var/run/docker.sock";
    public static final String CREDENTIALS_TARGET = "/root/.aws/credentials";
    public static final String HELPER_TARGET = "/usr/local/bin/docker-credential-ecr-login";
    public static final String JOB_DOCKER_CONFIG_TARGET = "/root/.docker/config.json";
    public static final int GITLAB_SSH_CONTAINER_PORT = 22;

    private StackPlanner() {}

    /**
     * @param dockerSocket the engine's Unix socket on this host, mounted into the runner so that its Docker
     *                     executor can start job containers
     * @param helperPlan   the helper binary for the engine's platform ({@link HelperPlan#of})
     */
    public static StackPlan plan(OrchestratorConfig config, Mode mode, Path dockerSocket, HelperPlan helperPlan) {
        return plan(config, mode, StateMounts.host(config, dockerSocket), helperPlan);
    }

    /** @param mounts where the files containers mount live: this machine's state folder, or the engine's volumes */
    public static StackPlan plan(OrchestratorConfig config, Mode mode, StateMounts mounts, HelperPlan helperPlan) {
        StateLayout state = mounts.layout();
        Path helper = mounts.helper(helperPlan);
        String authJson = JobAuthConfig.json(config.aws().ecrRegistries());
        NetworkSpec network = new NetworkSpec(config.network().name(), config.network().external(),
                Labels.project(config.project().name()));

        List<ContainerSpec> containers = new ArrayList<>();
        if (mode == Mode.COMPLETE) {
            containers.add(gitlab(config, state).withConfigHash());
        }
        containers.add(runner(config, mounts, helperPlan).withConfigHash());
        return new StackPlan(mode, network, containers, helperPlan, mounts, authJson,
                new RunnerConfigSpec(config.runner().concurrent(), runnerEntry(config, mode, mounts, helper, authJson)));
    }

    public static String containerName(OrchestratorConfig config, Service service) {
        return config.project().name() + "-" + service.id();
    }

    private static ContainerSpec runner(OrchestratorConfig config, StateMounts site, HelperPlan helper) {
        List<BindMount> mounts = new ArrayList<>();
        mounts.add(new BindMount(site.layout().runnerConfigDir(), RUNNER_CONFIG_TARGET, false,
                SourceKind.STATE_DIRECTORY, "project.state_dir"));
        mounts.add(new BindMount(site.dockerSocket(), DOCKER_SOCKET_TARGET, false, site.socketKind(), "DOCKER_HOST"));
        site.credentials(config).ifPresent(credentials -> mounts.add(new BindMount(credentials, CREDENTIALS_TARGET,
                true, site.userFileKind(), "aws.credentials_file")));
        mounts.add(new BindMount(site.helper(helper), HELPER_TARGET, true, site.userFileKind(), helper.setting()));
        String name = containerName(config, Service.RUNNER);
        return new ContainerSpec(Service.RUNNER, name, config.runner().image(), name, config.network().name(),
                List.of(), regionEnv(config), mounts, List.of(), config.runner().restart(), 0, false,
                serviceLabels(config, Service.RUNNER));
    }

    private static ContainerSpec gitlab(OrchestratorConfig config, StateLayout state) {
        OrchestratorConfig.Server server = config.server();
        Map<String, String> env = new LinkedHashMap<>(server.environment());
        env.put("GITLAB_OMNIBUS_CONFIG", omnibusConfig(server));
        List<BindMount> mounts = List.of(
                new BindMount(state.gitlabConfigDir(), "/etc/gitlab", false, SourceKind.STATE_DIRECTORY,
                        "project.state_dir"),
                new BindMount(state.gitlabLogsDir(), "/var/log/gitlab", false, SourceKind.STATE_DIRECTORY,
                        "project.state_dir"),
                new BindMount(state.gitlabDataDir(), "/var/opt/gitlab", false, SourceKind.STATE_DIRECTORY,
                        "project.state_dir"));
        List<PortBinding> ports = List.of(
                new PortBinding(server.publishAddress(), server.httpPort(), server.httpPort(), "server.http_port"),
                new PortBinding(server.publishAddress(), server.sshPort(), GITLAB_SSH_CONTAINER_PORT,
                        "server.ssh_port"));
        return new ContainerSpec(Service.GITLAB, containerName(config, Service.GITLAB), server.image(),
                server.hostname(), config.network().name(), List.of(server.hostname()), env, mounts, ports,
                config.runner().restart(), server.shmSizeBytes(), false, serviceLabels(config, Service.GITLAB));
    }

    /**
     * GitLab evaluates this at every start. The root password is read from a file in /etc/gitlab (our state
     * folder) rather than passed in the environment, so it is not visible in {@code docker inspect}. The
     * profile's lines come before {@code server.extra_omnibus_config}: gitlab.rb is Ruby, so a setting the user
     * assigns again there wins.
     */
    static String omnibusConfig(OrchestratorConfig.Server server) {
        StringBuilder rb = new StringBuilder()
                .append("external_url '").append(server.externalUrl()).append("'\n")
                .append("gitlab_rails['gitlab_shell_ssh_port'] = ").append(server.sshPort()).append('\n')
                .append("gitlab_rails['initial_root_password'] = File.read('/etc/gitlab/")
                .append(StateLayout.ROOT_PASSWORD_FILE_NAME).append("').strip\n")
                .append(ServerProfiles.omnibusLines(server.profile()));
        if (!server.extraOmnibusConfig().isBlank()) {
            rb.append(server.extraOmnibusConfig().strip()).append('\n');
        }
        return rb.toString();
    }

    /** The job side of the original's register script: the five volumes and DOCKER_AUTH_CONFIG. */
    private static RunnerEntrySpec runnerEntry(OrchestratorConfig config, Mode mode, StateMounts site, Path helper,
                                               String authJson) {
        StateLayout state = site.layout();
        List<String> volumes = new ArrayList<>();
        volumes.add(state.jobClientCertsDir() + ":/certs/client");
        volumes.add(state.jobCacheDir() + ":/cache");
        volumes.add(state.jobDockerConfig() + ":" + JOB_DOCKER_CONFIG_TARGET + ":ro");
        if (config.aws().shareCredentialsWithJobs()) {
            site.credentials(config).ifPresent(c -> volumes.add(c + ":" + CREDENTIALS_TARGET + ":ro"));
        }
        volumes.add(helper + ":" + HELPER_TARGET + ":ro");
        volumes.addAll(config.runner().jobVolumes());

        List<String> jobEnv = new ArrayList<>();
        jobEnv.add("DOCKER_AUTH_CONFIG=" + authJson);
        regionEnv(config).forEach((k, v) -> jobEnv.add(k + "=" + v));

        boolean sharedNetwork = mode == Mode.COMPLETE || config.network().external();
        String url = mode == Mode.COMPLETE ? config.server().externalUrl() : config.gitlab().url();
        return new RunnerEntrySpec(config.runner().name(), url, "docker", config.runner().defaultJobImage(),
                config.runner().privileged(), volumes, sharedNetwork ? config.network().name() : "", jobEnv,
                config.runner().tags());
    }

    /** The helper takes the region from an ECR host name; credsStore lookups need it from the environment. */
    private static Map<String, String> regionEnv(OrchestratorConfig config) {
        String region = config.aws().region();
        if (region.isEmpty()) {
            return Map.of();
        }
        Map<String, String> env = new LinkedHashMap<>();
        env.put("AWS_REGION", region);
        env.put("AWS_DEFAULT_REGION", region);
        return env;
    }

    private static Map<String, String> serviceLabels(OrchestratorConfig config, Service service) {
        Map<String, String> labels = new LinkedHashMap<>(Labels.project(config.project().name()));
        labels.put(Labels.SERVICE, service.id());
        return labels;
    }
}
