package dev.runnerops.orchestrator.plan;

import dev.runnerops.orchestrator.config.Secret;
import dev.runnerops.orchestrator.config.TokenKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code gitlab-runner register --non-interactive} for a {@link RunnerEntrySpec}, as the original's register
 * script ran it minus the prompts. The token is never part of {@link #argv}: it travels in the exec's
 * environment (CI_SERVER_TOKEN or REGISTRATION_TOKEN), so it shows up in no process list and no Docker event.
 */
public final class RunnerRegistration {
    private RunnerRegistration() {}

    /** The command line, free of secrets. */
    public static List<String> argv(RunnerEntrySpec entry, TokenKind tokenKind) {
        List<String> argv = new ArrayList<>(List.of("gitlab-runner", "register", "--non-interactive",
                "--config", RunnerConfigSpec.CONFIG_FILE,
                "--url", entry.url(),
                "--name", entry.name(),
                "--executor", entry.executor(),
                "--docker-image", entry.defaultImage(),
                "--docker-privileged=" + entry.privileged()));
        for (String volume : entry.volumes()) {
            argv.add("--docker-volumes");
            argv.add(volume);
        }
        for (String env : entry.environment()) {
            argv.add("--env");
            argv.add(env);
        }
        if (!entry.networkMode().isEmpty()) {
            argv.add("--docker-network-mode");
            argv.add(entry.networkMode());
        }
        // With a glrt- token, gitlab-runner rejects --tag-list: such runners keep their tags in GitLab.
        if (tokenKind == TokenKind.REGISTRATION && !entry.legacyTags().isEmpty()) {
            argv.add("--tag-list");
            argv.add(String.join(",", entry.legacyTags()));
        }
        return List.copyOf(argv);
    }

    /** The secret part, for the exec's environment: a glrt- token authenticates, anything else registers. */
    public static Map<String, String> environment(Secret token) {
        return token.tokenKind() == TokenKind.RUNNER_AUTHENTICATION
                ? Map.of("CI_SERVER_TOKEN", token.reveal())
                : Map.of("REGISTRATION_TOKEN", token.reveal());
    }
}
