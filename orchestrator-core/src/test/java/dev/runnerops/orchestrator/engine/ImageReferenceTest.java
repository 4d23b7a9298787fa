package dev.runnerops.orchestrator.engine;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ImageReferenceTest {
    @Test
    void aTagIsSplitOff() {
        assertThat(ImageReference.parse("gitlab/gitlab-runner:v19.4.1"))
                .isEqualTo(new ImageReference("gitlab/gitlab-runner", "v19.4.1"));
    }

    @Test
    void aRegistryPortIsNotATag() {
        assertThat(ImageReference.parse("localhost:5000/team/app"))
                .isEqualTo(new ImageReference("localhost:5000/team/app", "latest"));
        assertThat(ImageReference.parse("localhost:5000/team/app:2"))
                .isEqualTo(new ImageReference("localhost:5000/team/app", "2"));
    }

    @Test
    void aDigestIsKeptWhole() {
        assertThat(ImageReference.parse("alpine@sha256:abc")).isEqualTo(new ImageReference("alpine", "sha256:abc"));
    }

    @Test
    void noTagMeansLatest() {
        assertThat(ImageReference.parse("alpine")).isEqualTo(new ImageReference("alpine", "latest"));
    }
}
