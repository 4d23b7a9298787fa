package dev.runnerops.orchestrator.steps;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runnerops.orchestrator.config.OrchestratorConfig.ServerProfile;
import org.junit.jupiter.api.Test;

class PreflightTest {
    private static final long GIB = 1L << 30;

    @Test
    void theMemoryWarningFollowsTheProfilesDocumentedMinimum() {
        assertThat(Preflight.memoryWarning(6 * GIB, ServerProfile.STANDARD)).hasValueSatisfying(w -> assertThat(w)
                .contains("6.0 GiB", "server.profile = \"standard\"", "at least 8 GB", "server.profile = \"small\""));
        assertThat(Preflight.memoryWarning(6 * GIB, ServerProfile.SMALL)).isEmpty();
        assertThat(Preflight.memoryWarning(GIB + GIB / 2, ServerProfile.SMALL)).hasValueSatisfying(w -> assertThat(w)
                .contains("1.5 GiB", "server.profile = \"small\"", "at least 2 GB of memory plus 1 GB of swap"));
        // A 2 GB machine reports a little less than 2 GiB (the kernel keeps some): no warning for it.
        assertThat(Preflight.memoryWarning((long) (1.9 * GIB), ServerProfile.SMALL)).isEmpty();
        assertThat(Preflight.memoryWarning(16 * GIB, ServerProfile.STANDARD)).isEmpty();
        assertThat(Preflight.memoryWarning(0, ServerProfile.STANDARD)).isEmpty();
    }
}
