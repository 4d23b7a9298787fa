package dev.runnerops.orchestrator.runner;

import com.electronwill.nightconfig.core.CommentedConfig;
import com.electronwill.nightconfig.core.Config;
import com.electronwill.nightconfig.core.io.IndentStyle;
import com.electronwill.nightconfig.core.io.ParsingException;
import com.electronwill.nightconfig.core.io.ParsingMode;
import com.electronwill.nightconfig.toml.TomlFormat;
import com.electronwill.nightconfig.toml.TomlParser;
import com.electronwill.nightconfig.toml.TomlWriter;
import dev.runnerops.orchestrator.config.Secret;
import dev.runnerops.orchestrator.errors.OperationException;
import dev.runnerops.orchestrator.plan.RunnerConfigSpec;
import dev.runnerops.orchestrator.plan.RunnerEntrySpec;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Objects;

/**
 * gitlab-runner's config.toml, read and written with night-config, which keeps key order, table layout and
 * TOML datetimes ({@code token_obtained_at} must stay a datetime, or the runner cannot read its file). The tool
 * changes only the keys it owns ({@link RunnerConfigSpec}); the token, and every key and entry someone else
 * added, stay as they are.
 */
public final class RunnerConfigDocument {
    private final CommentedConfig toml;

    private RunnerConfigDocument(CommentedConfig toml) {
        this.toml = toml;
    }

    /** @param where the file's path, for the error message */
    public static RunnerConfigDocument parse(String text, String where) {
        CommentedConfig config = TomlFormat.instance().createConfig(LinkedHashMap::new);
        try {
            new TomlParser().parse(new StringReader(text), config, ParsingMode.REPLACE);
        } catch (ParsingException e) {
            throw new OperationException("read file", where, "The runner's config.toml (" + where + ") is not valid "
                    + "TOML (" + e.getMessage() + "). Fix the file by hand; the tool does not overwrite it.", e);
        }
        return new RunnerConfigDocument(config);
    }

    public static RunnerConfigDocument empty() {
        return new RunnerConfigDocument(TomlFormat.instance().createConfig(LinkedHashMap::new));
    }

    public List<RunnerEntry> runners() {
        return entries().stream().map(e -> new RunnerEntry(string(e, "name"), string(e, "url"),
                Secret.of(string(e, "token")))).toList();
    }

    /** Entries for this runner name and GitLab URL (a trailing slash does not count). */
    public List<RunnerEntry> find(String name, String url) {
        return runners().stream().filter(r -> r.name().equals(name) && sameUrl(r.url(), url)).toList();
    }

    public List<RunnerEntry> named(String name) {
        return runners().stream().filter(r -> r.name().equals(name)).toList();
    }

    /**
     * Sets the keys the tool owns to the plan's values, in the first entry of that name and URL.
     *
     * @return the keys that changed, as "concurrent", "environment", "docker.volumes"...; empty when the file
     *         already matched or holds no such entry
     */
    public List<String> apply(RunnerConfigSpec spec) {
        List<String> changed = new ArrayList<>();
        RunnerEntrySpec want = spec.runner();
        Config entry = entries().stream()
                .filter(e -> string(e, "name").equals(want.name()) && sameUrl(string(e, "url"), want.url()))
                .findFirst().orElse(null);
        if (entry == null) {
            return changed;
        }
        Number concurrent = toml.get("concurrent");
        if (concurrent == null || concurrent.longValue() != spec.concurrent()) {
            toml.set("concurrent", spec.concurrent());
            changed.add("concurrent");
        }
        set(entry, List.of("executor"), want.executor(), changed);
        set(entry, List.of("environment"), EnvironmentMerge.merge(strings(entry.get("environment")),
                want.environment()), changed);
        set(entry, List.of("docker", "image"), want.defaultImage(), changed);
        set(entry, List.of("docker", "privileged"), want.privileged(), changed);
        set(entry, List.of("docker", "volumes"), want.volumes(), changed);
        set(entry, List.of("docker", "network_mode"), want.networkMode().isEmpty() ? null : want.networkMode(),
                changed);
        return changed;
    }

    /** What config.toml gives the jobs of the first entry of that name and URL, as the Docker executor reads it. */
    public java.util.Optional<JobSettings> jobSettings(String name, String url) {
        return entries().stream().filter(e -> string(e, "name").equals(name) && sameUrl(string(e, "url"), url))
                .findFirst().map(e -> new JobSettings(strings(e.get(List.of("docker", "volumes"))),
                        strings(e.get("environment")), e.get(List.of("docker", "network_mode")) instanceof String n ? n : "",
                        Boolean.TRUE.equals(e.get(List.of("docker", "privileged")))));
    }

    /** The job side of a {@code [[runners]]} entry: the volumes, environment and network jobs get. */
    public record JobSettings(List<String> volumes, List<String> environment, String networkMode, boolean privileged) {}

    /** Removes every entry of that name and URL; returns how many there were. */
    public int remove(String name, String url) {
        List<Config> entries = new ArrayList<>(entries());
        int before = entries.size();
        entries.removeIf(e -> string(e, "name").equals(name) && sameUrl(string(e, "url"), url));
        if (entries.isEmpty()) {
            toml.remove("runners");
        } else {
            toml.set("runners", entries);
        }
        return before - entries.size();
    }

    public String text() {
        TomlWriter writer = new TomlWriter();
        writer.setIndent(IndentStyle.SPACES_2);
        return writer.writeToString(toml);
    }

    private static void set(Config entry, List<String> path, Object value, List<String> changed) {
        Object current = entry.get(path);
        if (Objects.equals(normalize(current), normalize(value))) {
            return;
        }
        if (value == null) {
            entry.remove(path);
        } else {
            entry.set(path, value);
        }
        changed.add(String.join(".", path));
    }

    /** night-config reads TOML arrays as lists of its own kind: compare by content. */
    private static Object normalize(Object v) {
        return v instanceof List<?> l ? List.copyOf(l) : v;
    }

    private List<Config> entries() {
        List<Config> runners = toml.get("runners");
        return runners == null ? List.of() : runners;
    }

    private static String string(Config c, String key) {
        return c.get(key) instanceof String s ? s : "";
    }

    private static List<String> strings(Object value) {
        List<String> out = new ArrayList<>();
        if (value instanceof List<?> l) {
            l.stream().filter(String.class::isInstance).map(String.class::cast).forEach(out::add);
        }
        return out;
    }

    private static boolean sameUrl(String a, String b) {
        return strip(a).equals(strip(b));
    }

    private static String strip(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
