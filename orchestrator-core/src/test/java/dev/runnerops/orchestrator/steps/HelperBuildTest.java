package dev.runnerops.orchestrator.steps;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The build's Dockerfile compiles for the engine's platform, wherever go puts the result. */
class HelperBuildTest {
    @Test
    void theBuildSetsTheEnginesGoosAndGoarch() {
        String dockerfile = HelperBuild.dockerfile("golang:1.25-alpine", "v0.11.0", "linux", "arm64", "p");
        assertThat(dockerfile).contains("FROM golang:1.25-alpine AS build\n",
                "ENV CGO_ENABLED=0 GOOS=linux GOARCH=arm64\n",
                "RUN go install " + HelperBuild.PACKAGE + "@v0.11.0",
                // go install puts a cross-compiled binary in $GOPATH/bin/<goos>_<goarch>/
                "if [ -f /go/bin/linux_arm64/docker-credential-ecr-login ]; then mv "
                        + "/go/bin/linux_arm64/docker-credential-ecr-login /go/bin/; fi\n",
                "COPY --from=build /go/bin/docker-credential-ecr-login /docker-credential-ecr-login\n");
        assertThat(HelperBuild.dockerfile("g", "v0.11.0", "linux", "amd64", "p")).contains("GOARCH=amd64");
    }
}
