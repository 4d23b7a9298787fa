package dev.runnerops.orchestrator.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runnerops.orchestrator.config.Settings.Setting;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tomlj.Toml;
import org.tomlj.TomlArray;
import org.tomlj.TomlParseResult;
import org.tomlj.TomlTable;

/** The commented default file and the list of settings say the same: same tables, keys, order and defaults. */
class SettingsTest {
    private final TomlParseResult file = Toml.parse(ConfigLoader.defaultText());

    @Test
    void theDefaultFileIsValidToml() {
        assertThat(file.errors()).isEmpty();
    }

    @Test
    void theDefaultFileHasEverySettingOfTheListInTheSameOrderAndNothingElse() {
        List<String> inFile = new ArrayList<>();
        for (String table : file.keySet()) {
            TomlTable t = file.getTable(table);
            t.keySet().forEach(k -> inFile.add(table + "." + k));
        }
        assertThat(inFile).containsExactlyElementsOf(Settings.ALL.stream().map(Setting::name).toList());
    }

    @Test
    void everyDefaultInTheFileEqualsTheListsDefault() {
        for (Setting s : Settings.ALL) {
            Object value = file.get(List.of(s.table(), s.key()));
            Object normalized = value instanceof TomlArray a ? a.toList()
                    : value instanceof TomlTable t ? t.toMap() : value;
            assertThat(normalized).as(s.name()).isEqualTo(s.defaultValue() instanceof Map<?, ?> m && m.isEmpty()
                    ? Map.of() : s.defaultValue());
        }
    }

    @Test
    void everySettingIsExplainedByACommentInTheFile() {
        List<String> lines = ConfigLoader.defaultText().lines().toList();
        for (Setting s : Settings.ALL) {
            int table = lines.indexOf("[" + s.table() + "]");
            int at = -1;
            for (int i = table + 1; i < lines.size(); i++) {
                if (lines.get(i).startsWith(s.key() + " = ")) {
                    at = i;
                    break;
                }
            }
            assertThat(at).as(s.name() + " in the file").isPositive();
            assertThat(lines.get(at - 1)).as("the line above " + s.name()).startsWith("#");
        }
    }
}
