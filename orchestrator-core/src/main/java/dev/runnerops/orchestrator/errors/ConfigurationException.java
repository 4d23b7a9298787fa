package dev.runnerops.orchestrator.errors;

/**
 * The configuration cannot be used as written: a setting is missing, malformed, or contradicts another.
 * Raised before anything is changed.
 */
public class ConfigurationException extends OrchestratorException {
    private final String setting;
    private final String value;

    /**
     * @param setting dotted name such as {@code aws.credentials_file}; empty for whole-file problems
     * @param value   the offending value as written (never a secret); empty when there is none
     */
    public ConfigurationException(String setting, String value, String message) {
        super(message, null);
        this.setting = setting;
        this.value = value;
    }

    public String setting() {
        return setting;
    }

    public String value() {
        return value;
    }
}
