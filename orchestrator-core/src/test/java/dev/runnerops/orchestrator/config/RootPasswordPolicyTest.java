package dev.runnerops.orchestrator.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** GitLab's rules (gitlabhq lib/security/weak_passwords.rb and its spec), for the seeded root user. */
class RootPasswordPolicyTest {
    @Test
    void aPasswordContainingGitlabIsRefusedWhateverItsCase() {
        assertThat(RootPasswordPolicy.violation("MyGitlabRoot2026!")).hasValueSatisfying(v -> assertThat(v)
                .contains("gitlab"));
    }

    @Test
    void partsOfRootsNameUsernameAndEmailAreRefused() {
        assertThat(RootPasswordPolicy.violation("xx-ADMIN-xx-7")).isPresent();
        assertThat(RootPasswordPolicy.violation("myrootpass99")).isPresent();
        assertThat(RootPasswordPolicy.violation("for-example-42")).isPresent();
        assertThat(RootPasswordPolicy.violation("devops4ever!")).isPresent();
    }

    @Test
    void shortPartsAreAllowed() {
        // "com" (of example.com) and "jr" are shorter than 4 characters.
        assertThat(RootPasswordPolicy.violation("A1B2C3jr.com")).isEmpty();
    }

    @Test
    void lengthLimitsAreEightToOneHundredTwentyEight() {
        assertThat(RootPasswordPolicy.violation("Sh0rt!x")).hasValueSatisfying(v -> assertThat(v).contains("8"));
        assertThat(RootPasswordPolicy.violation("x".repeat(129))).hasValueSatisfying(v -> assertThat(v).contains("128"));
        assertThat(RootPasswordPolicy.violation("Correct-Horse-Battery-9")).isEmpty();
    }

    @Test
    void longPasswordsSkipTheSubstringChecks() {
        // GitLab's PASSWORD_SUBSTRING_CHECK_MAX_LENGTH: from 64 characters on, no substring is looked for.
        assertThat(RootPasswordPolicy.violation("gitlab" + "q".repeat(58))).isEmpty();
        assertThat(RootPasswordPolicy.violation("gitlab" + "q".repeat(57))).isPresent();
    }

    @Test
    void anotherRootEmailChangesTheForbiddenParts() {
        assertThat(RootPasswordPolicy.violation("example-is-fine-99", "ops@acme.io")).isEmpty();
        assertThat(RootPasswordPolicy.violation("acme-is-not-99", "ops@acme.io")).isPresent();
    }
}
