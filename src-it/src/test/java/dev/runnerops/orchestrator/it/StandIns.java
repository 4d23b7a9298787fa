package dev.runnerops.orchestrator.it;

import static org.assertj.core.api.Assertions.fail;

import com.github.dockerjava.api.exception.NotFoundException;
import java.util.List;

/**
 * The locally built images that stand in for the real ones (no registry is reachable here). Built by
 * scripts/build-standins; what each mirrors is written beside it in src-it/standins/NAME/MIRRORS.md.
 */
final class StandIns {
    /** As scripts/build-standins names them: STANDIN_NAMESPACE, default orchestrator-standin. */
    static final String NAMESPACE = envOr("STANDIN_NAMESPACE", "orchestrator-standin");
    /** Stands in for gitlab/gitlab-runner:v19.4.1. */
    static final String RUNNER = NAMESPACE + "/gitlab-runner:v19.4.1";
    /** Stands in for gitlab/gitlab-ce:19.4.1-ce.0. */
    static final String GITLAB = NAMESPACE + "/gitlab-ce:19.4.1-ce.0";
    /** Stands in for golang:1.25-alpine in the helper build. */
    static final String GOLANG = NAMESPACE + "/golang:1.25-alpine";
    /** Stands in for registry:2, to test pulls and clean-up of pulled images. */
    static final String REGISTRY = NAMESPACE + "/registry:2";
    /** A fake Amazon ECR API (GetAuthorizationToken with SigV4), for the ECR test bed. */
    static final String ECR_API = NAMESPACE + "/ecr-api:test";
    /** Stands in for docker:20.10 (the real Debian docker CLI), for Docker-in-Docker-style checks. */
    static final String DOCKER_CLI = NAMESPACE + "/docker-cli:20.10";

    private StandIns() {}

    static String envOr(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }

    static void requirePresent() {
        for (String image : List.of(RUNNER, GITLAB, GOLANG, REGISTRY)) {
            try {
                TestDocker.client().inspectImageCmd(image).exec();
            } catch (NotFoundException e) {
                fail("Stand-in image " + image + " is missing: run scripts/build-standins (scripts/test does).");
            }
        }
    }
}
