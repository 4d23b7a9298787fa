package dev.runnerops.orchestrator.plan;

import dev.runnerops.orchestrator.config.Mode;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Everything {@code up} should make exist, computed from the configuration alone.
 *
 * @param containers   in start order: the GitLab server (complete mode) before the runner
 * @param helper       the docker-credential-ecr-login binary mounted into the runner and jobs
 * @param mounts       where the files containers mount live
 * @param jobAuthJson  content of the job-side Docker config.json and of DOCKER_AUTH_CONFIG
 * @param runnerConfig what the tool owns in the runner's config.toml
 */
public record StackPlan(
        Mode mode,
        NetworkSpec network,
        List<ContainerSpec> containers,
        HelperPlan helper,
        StateMounts mounts,
        String jobAuthJson,
        RunnerConfigSpec runnerConfig) {

    public StackPlan {
        containers = List.copyOf(containers);
    }

    /** The docker-credential-ecr-login file mounted into the runner and the jobs. */
    public Path helperBinary() {
        return helper.binary();
    }

    public ContainerSpec runner() {
        return container(Service.RUNNER).orElseThrow();
    }

    public Optional<ContainerSpec> gitlab() {
        return container(Service.GITLAB);
    }

    public Optional<ContainerSpec> container(Service service) {
        return containers.stream().filter(c -> c.service() == service).findFirst();
    }
}
