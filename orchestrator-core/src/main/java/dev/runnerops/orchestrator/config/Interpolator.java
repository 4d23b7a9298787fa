package dev.runnerops.orchestrator.config;

import dev.runnerops.orchestrator.errors.ConfigurationException;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces {@code ${NAME}} and {@code ${NAME:-fallback}} in setting values with environment variables, so
 * tokens and passwords never have to sit in the file. {@code $${} stays a literal {@code ${}.
 */
final class Interpolator {
    private static final Pattern REFERENCE = Pattern.compile("\\$\\$\\{|\\$\\{([A-Za-z_][A-Za-z0-9_]*)(:-([^}]*))?}");

    private final Map<String, String> environment;
    private final String source;

    Interpolator(Map<String, String> environment, String source) {
        this.environment = environment;
        this.source = source;
    }

    String apply(String setting, String raw) {
        if (raw.indexOf('$') < 0) {
            return raw;
        }
        Matcher m = REFERENCE.matcher(raw);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String replacement;
            if (m.group().equals("$${")) {
                replacement = "${";
            } else {
                String value = environment.get(m.group(1));
                if (value != null) {
                    replacement = value;
                } else if (m.group(2) != null) {
                    replacement = m.group(3);
                } else {
                    throw new ConfigurationException(setting, "${" + m.group(1) + "}", source + ": " + setting + " refers to the environment variable "
                            + m.group(1) + ", which is not set. Export " + m.group(1) + " before running, or write "
                            + "${" + m.group(1) + ":-} to make it optional.");
                }
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }
}
