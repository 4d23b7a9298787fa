package dev.runnerops.orchestrator.plan;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The Docker client configuration that routes ECR logins to the helper. The same JSON is written to the
 * job-side config.json (Docker-in-Docker jobs) and passed as DOCKER_AUTH_CONFIG (the executor's pulls).
 * The helper is named {@code ecr-login}: Docker runs {@code docker-credential-ecr-login} from PATH.
 */
public final class JobAuthConfig {
    public static final String HELPER_NAME = "ecr-login";

    private JobAuthConfig() {}

    /** Per-registry {@code credHelpers} when registries are known, else {@code credsStore} for every registry. */
    public static String json(List<String> ecrRegistries) {
        if (ecrRegistries.isEmpty()) {
            return "{\"credsStore\":\"" + HELPER_NAME + "\"}";
        }
        return ecrRegistries.stream()
                .map(r -> "\"" + r + "\":\"" + HELPER_NAME + "\"")
                .collect(Collectors.joining(",", "{\"credHelpers\":{", "}}"));
    }
}
