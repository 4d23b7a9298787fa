package dev.runnerops.orchestrator.config;

import dev.runnerops.orchestrator.api.OrchestratorException;

/**
 * The configuration cannot be used as written. The message names the file, the setting and the fix; it is
 * raised before anything touches Docker.
 */
public class ConfigException extends OrchestratorException {
    private final String setting;

    public ConfigException(String setting, String message) {
        super(message);
        this.setting = setting;
    }

    /** Dotted setting name, such as {@code aws.credentials_file}; empty for whole-file problems. */
    public String setting() {
        return setting;
    }
}
