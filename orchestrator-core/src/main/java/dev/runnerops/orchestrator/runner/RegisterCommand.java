package dev.runnerops.orchestrator.runner;

import dev.runnerops.orchestrator.config.Secret;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code gitlab-runner register --non-interactive} as the original's register script ran it (executor
 * docker, default image, privileged, five job volumes, DOCKER_AUTH_CONFIG), minus the prompts. The token is
 * never part of {@link #argv}: it travels in the exec's environment (CI_SERVER_TOKEN or REGISTRATION_TOKEN),
 * so it shows up in no process list and no Docker event.
 *
 * @param url         GitLab URL as the runner container reaches it
 * @param jobVolumes  volume specs with Docker-host paths (the executor creates the job containers)
 * @param jobEnv      NAME=VALUE entries for every job, DOCKER_AUTH_CONFIG among them
 * @param networkMode network for job containers, empty when jobs need no shared network
 * @param legacyTags  tags for the legacy registration-token path only (glrt- runners keep tags server-side)
 */
public record RegisterCommand(
        String url,
        String runnerName,
        String defaultJobImage,
        boolean privileged,
        List<String> jobVolumes,
        List<String> jobEnv,
        String networkMode,
        List<String> legacyTags) {

    public static final String CONFIG_FILE = "/etc/gitlab-runner/config.toml";

    public RegisterCommand {
        jobVolumes = List.copyOf(jobVolumes);
        jobEnv = List.copyOf(jobEnv);
        legacyTags = List.copyOf(legacyTags);
    }

    public RegisterCommand withUrl(String newUrl) {
        return new RegisterCommand(newUrl, runnerName, defaultJobImage, privileged, jobVolumes, jobEnv, networkMode,
                legacyTags);
    }

    /** The command line, free of secrets. */
    public List<String> argv(Secret token) {
        List<String> argv = new ArrayList<>(List.of("gitlab-runner", "register", "--non-interactive",
                "--config", CONFIG_FILE,
                "--url", url,
                "--name", runnerName,
                "--executor", "docker",
                "--docker-image", defaultJobImage,
                "--docker-privileged=" + privileged));
        for (String volume : jobVolumes) {
            argv.add("--docker-volumes");
            argv.add(volume);
        }
        for (String env : jobEnv) {
            argv.add("--env");
            argv.add(env);
        }
        if (!networkMode.isEmpty()) {
            argv.add("--docker-network-mode");
            argv.add(networkMode);
        }
        if (!isRunnerAuthenticationToken(token) && !legacyTags.isEmpty()) {
            argv.add("--tag-list");
            argv.add(String.join(",", legacyTags));
        }
        return List.copyOf(argv);
    }

    /** The secret part, for the exec's environment: a glrt- token authenticates, anything else registers. */
    public Map<String, String> environment(Secret token) {
        return isRunnerAuthenticationToken(token)
                ? Map.of("CI_SERVER_TOKEN", token.reveal())
                : Map.of("REGISTRATION_TOKEN", token.reveal());
    }

    public static boolean isRunnerAuthenticationToken(Secret token) {
        return token.reveal().startsWith("glrt-");
    }
}
