package dev.runnerops.orchestrator.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runnerops.orchestrator.errors.ConfigurationException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The small parsers behind the settings: environment references, durations, sizes. */
class SmallParsersTest {
    private final Interpolator interpolator = new Interpolator(Map.of("SET", "value", "EMPTY", ""), "f.toml");

    @Test
    void aSetVariableIsSubstituted() {
        assertThat(interpolator.apply("k", "a-${SET}-b")).isEqualTo("a-value-b");
    }

    @Test
    void theFallbackAppliesOnlyWhenUnset() {
        assertThat(interpolator.apply("k", "${UNSET:-fb}")).isEqualTo("fb");
        assertThat(interpolator.apply("k", "${EMPTY:-fb}")).isEmpty();
    }

    @Test
    void aDoubleDollarStaysLiteral() {
        assertThat(interpolator.apply("k", "$${SET}")).isEqualTo("${SET}");
    }

    @Test
    void anUnsetVariableWithoutFallbackNamesTheSettingAndTheVariable() {
        assertThatThrownBy(() -> interpolator.apply("gitlab.token", "${NOPE}"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("f.toml: gitlab.token refers to the environment variable NOPE")
                .satisfies(e -> assertThat(((ConfigurationException) e).setting()).isEqualTo("gitlab.token"));
    }

    @Test
    void durationsTakeSecondsMinutesAndHours() {
        assertThat(Durations.parseDuration("90s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(Durations.parseDuration(" 15M ")).isEqualTo(Duration.ofMinutes(15));
        assertThat(Durations.parseDuration("1h")).isEqualTo(Duration.ofHours(1));
        assertThat(Durations.parseDuration("15")).isNull();
        assertThat(Durations.parseDuration("1d")).isNull();
    }

    @Test
    void sizesTakeBinaryUnits() {
        assertThat(Durations.parseSize("256m")).isEqualTo(256L << 20);
        assertThat(Durations.parseSize("1g")).isEqualTo(1L << 30);
        assertThat(Durations.parseSize("64kb")).isEqualTo(64L << 10);
        assertThat(Durations.parseSize("12")).isEqualTo(12);
        assertThat(Durations.parseSize("big")).isEqualTo(-1);
    }
}
