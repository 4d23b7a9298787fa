package dev.runnerops.orchestrator.config;

import dev.runnerops.orchestrator.config.Settings.Kind;
import dev.runnerops.orchestrator.config.Settings.Setting;
import dev.runnerops.orchestrator.errors.ConfigurationException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.tomlj.TomlArray;
import org.tomlj.TomlPosition;
import org.tomlj.TomlTable;

/**
 * Typed access to one parsed file: the user's value where the file has one, else the default of
 * {@link Settings}; {@code ${ENV}} references expanded, paths resolved. Unknown or mistyped settings are
 * reported with the file, the line and the fix.
 */
final class SettingValues {
    private final TomlTable user;
    private final String source;
    private final Path baseDir;
    private final Path home;
    private final Interpolator interpolator;

    SettingValues(TomlTable user, String source, Path baseDir, Path home, Interpolator interpolator) {
        this.user = user;
        this.source = source;
        this.baseDir = baseDir;
        this.home = home;
        this.interpolator = interpolator;
    }

    String source() {
        return source;
    }

    void rejectUnknownAndMistyped() {
        List<String> tables = Settings.tables();
        for (String table : user.keySet()) {
            if (table.equals("hosts")) {
                checkHosts();
                continue;
            }
            if (!tables.contains(table)) {
                throw fail(table, "", "is not a known table. The tables are " + String.join(", ",
                        tables.stream().map(t -> "[" + t + "]").toList()) + " and [[hosts]]; fix the spelling or remove it");
            }
            if (!user.isTable(table)) {
                throw fail(table, "", "must be a table, written [" + table + "] on a line of its own");
            }
            for (String key : user.getTable(table).keySet()) {
                Setting setting = Settings.find(table + "." + key).orElseThrow(() -> fail(table + "." + key, "",
                        "is not a known setting. The settings of [" + table + "] are "
                                + String.join(", ", Settings.keys(table)) + "; fix the spelling or remove it"));
                checkType(setting, user.get(List.of(table, key)));
            }
        }
    }

    /** {@code [[hosts]]}: an array of tables, each with known keys of the right types. */
    private void checkHosts() {
        TomlArray array = user.isArray("hosts") ? user.getArray("hosts") : null;
        if (array == null || array.toList().stream().anyMatch(e -> !(e instanceof TomlTable))) {
            throw fail("hosts", "", "must be written as [[hosts]] entries (one per host, each on a line of its own)");
        }
        for (TomlTable entry : hostEntries()) {
            for (String key : entry.keySet()) {
                Setting setting = Settings.HOST_KEYS.stream().filter(k -> k.key().equals(key)).findFirst()
                        .orElseThrow(() -> fail("hosts." + key, "", "is not a known key of a [[hosts]] entry. They are "
                                + String.join(", ", Settings.HOST_KEYS.stream().map(Setting::key).toList())
                                + "; fix the spelling or remove it"));
                checkType(setting, entry.get(List.of(key)));
            }
        }
    }

    /** The {@code [[hosts]]} entries, in file order; none when the file has none. */
    List<TomlTable> hostEntries() {
        TomlArray array = user.getArray("hosts");
        List<TomlTable> out = new ArrayList<>();
        for (int i = 0; array != null && i < array.size(); i++) {
            out.add(array.getTable(i));
        }
        return out;
    }

    /** A string key of a host entry, trimmed, with environment references expanded; empty when absent. */
    String hostString(TomlTable entry, String key) {
        String v = entry.getString(key);
        return v == null ? "" : interpolator.apply("hosts." + key, v).trim();
    }

    Optional<Path> hostPath(TomlTable entry, String key) {
        String v = hostString(entry, key);
        if (v.isEmpty()) {
            return Optional.empty();
        }
        Path p = v.equals("~") || v.startsWith("~/") ? home.resolve(v.equals("~") ? "" : v.substring(2)) : Path.of(v);
        return Optional.of(baseDir.resolve(p).normalize());
    }

    private void checkType(Setting setting, Object value) {
        boolean ok = switch (setting.kind()) {
            case STRING -> value instanceof String;
            case BOOLEAN -> value instanceof Boolean;
            case INTEGER -> value instanceof Long;
            case STRING_LIST -> value instanceof TomlArray a && a.toList().stream().allMatch(String.class::isInstance);
            case STRING_TABLE -> value instanceof TomlTable;
        };
        if (!ok) {
            String expected = switch (setting.kind()) {
                case STRING -> "a string in double quotes";
                case BOOLEAN -> "true or false (without quotes)";
                case INTEGER -> "a whole number (without quotes)";
                case STRING_LIST -> "a list of strings, like [\"a\", \"b\"]";
                case STRING_TABLE -> "a table of strings, like { NAME = \"value\" }";
            };
            TomlPosition pos = user.inputPositionOf(List.of(setting.table(), setting.key()));
            throw fail(setting.name(), "", "must be " + expected + (pos == null ? "" : " (line " + pos.line() + ")")
                    + ", not " + describe(value));
        }
    }

    private Object raw(String name) {
        Setting setting = Settings.find(name).orElseThrow(() -> new IllegalArgumentException("no setting " + name));
        Object value = user.get(List.of(setting.table(), setting.key()));
        return value == null ? setting.defaultValue() : value;
    }

    /** Trimmed, with environment references expanded. */
    String string(String name) {
        return interpolator.apply(name, (String) raw(name)).trim();
    }

    boolean bool(String name) {
        return (Boolean) raw(name);
    }

    long integer(String name) {
        return (Long) raw(name);
    }

    List<String> stringList(String name) {
        Object raw = raw(name);
        List<?> items = raw instanceof TomlArray a ? a.toList() : (List<?>) raw;
        List<String> out = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            String v = interpolator.apply(name, (String) items.get(i)).trim();
            if (v.isEmpty()) {
                throw fail(name, "", "entry " + (i + 1) + " is empty; remove it");
            }
            out.add(v);
        }
        return List.copyOf(out);
    }

    Map<String, String> stringTable(String name) {
        Object raw = raw(name);
        Map<String, String> out = new LinkedHashMap<>();
        if (raw instanceof TomlTable t) {
            for (String key : t.keySet()) {
                Object v = t.get(List.of(key));
                if (!(v instanceof String s)) {
                    throw fail(name + "." + key, "", "must be a string in double quotes, not " + describe(v));
                }
                out.put(key, interpolator.apply(name + "." + key, s));
            }
        } else {
            ((Map<?, ?>) raw).forEach((k, v) -> out.put((String) k, (String) v));
        }
        return out;
    }

    /** Relative to the file's folder; {@code ~} is the home folder; empty when the setting is empty. */
    Optional<Path> path(String name) {
        String v = string(name);
        if (v.isEmpty()) {
            return Optional.empty();
        }
        Path p = v.equals("~") || v.startsWith("~/") ? home.resolve(v.equals("~") ? "" : v.substring(2)) : Path.of(v);
        return Optional.of(baseDir.resolve(p).normalize());
    }

    /** "FILE: SETTING PROBLEM." as a {@link ConfigurationException}. */
    ConfigurationException fail(String name, String value, String problem) {
        return new ConfigurationException(name, value, source + ": " + name + " " + problem + ".");
    }

    private static String describe(Object value) {
        if (value instanceof String s) {
            return "the string \"" + s + "\"";
        }
        if (value instanceof TomlTable) {
            return "a table";
        }
        if (value instanceof TomlArray) {
            return "a list";
        }
        return value.getClass().getSimpleName().toLowerCase(Locale.ROOT) + " " + value;
    }
}
