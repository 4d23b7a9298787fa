package dev.runnerops.orchestrator.config;

import dev.runnerops.orchestrator.errors.ConfigurationException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;
import org.tomlj.Toml;
import org.tomlj.TomlParseResult;

/**
 * Reads {@code orchestrator.toml} with tomlj. Settings missing from the file take their default from
 * {@link Settings}; {@link ConfigValidator} checks the result. Every problem is a
 * {@link ConfigurationException} naming the file, the setting and the fix.
 */
public final class ConfigLoader {
    /** Classpath location of the commented default file (a copy of {@code config/orchestrator.toml}). */
    public static final String DEFAULT_RESOURCE = "/dev/runnerops/orchestrator/config/orchestrator.toml";

    private final Map<String, String> environment;
    private final Path home;

    public ConfigLoader(Map<String, String> environment, Path home) {
        this.environment = Map.copyOf(environment);
        this.home = home;
    }

    /** A loader that reads the process environment and expands {@code ~} to {@code user.home}. */
    public static ConfigLoader withSystemEnvironment() {
        return new ConfigLoader(System.getenv(), Path.of(System.getProperty("user.home")));
    }

    public OrchestratorConfig load(Path file) {
        Path absolute = file.toAbsolutePath().normalize();
        String text;
        try {
            text = Files.readString(absolute, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ConfigurationException("", absolute.toString(), "Configuration file " + absolute + " does not "
                    + "exist. Pass an existing file with --config, or omit --config to use the built-in defaults.");
        } catch (IOException e) {
            throw new ConfigurationException("", absolute.toString(), "Cannot read configuration file " + absolute
                    + ": " + e.getMessage() + ". Check that it is a readable file.");
        }
        return parse(text, absolute.toString(), absolute.getParent());
    }

    /**
     * The built-in defaults. Relative paths resolve as if the file were the repository's
     * {@code config/orchestrator.toml} under {@code workingDir}.
     */
    public OrchestratorConfig loadDefault(Path workingDir) {
        return parse("", "built-in default configuration", workingDir.toAbsolutePath().normalize().resolve("config"));
    }

    /** The commented default file, every setting explained: what {@code config --default} prints. */
    public static String defaultText() {
        try (InputStream in = ConfigLoader.class.getResourceAsStream(DEFAULT_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("default configuration missing from the jar: " + DEFAULT_RESOURCE);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    OrchestratorConfig parse(String text, String source, Path baseDir) {
        TomlParseResult toml = Toml.parse(text);
        if (toml.hasErrors()) {
            String errors = toml.errors().stream().limit(3)
                    .map(e -> "line " + e.position().line() + ", column " + e.position().column() + ": " + e.getMessage())
                    .collect(Collectors.joining("; "));
            throw new ConfigurationException("", "", source + " is not valid TOML (" + errors + "). Fix the syntax: "
                    + "strings need double quotes, tables are written [name] on a line of their own.");
        }
        SettingValues values = new SettingValues(toml, source, baseDir, home, new Interpolator(environment, source));
        values.rejectUnknownAndMistyped();
        return new ConfigValidator(values).build();
    }
}
