package dev.runnerops.orchestrator.doctor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runnerops.orchestrator.config.Secret;
import dev.runnerops.orchestrator.engine.ExecResult;
import java.io.IOException;
import java.util.List;

/**
 * {@code docker-credential-ecr-login get} as Docker runs it (the registry host on stdin, the credential as JSON
 * on stdout), with the token cache bypassed so that the current keys are tested. The helper hides AWS's answer
 * behind "credentials not found in native keychain" and writes it to {@code ~/.ecr/log/ecr-login.log}
 * (amazon-ecr-credential-helper {@code ecr-login/ecr.go}, {@code config/log.go}): the script prints that log's new
 * lines after a failure.
 */
final class HelperCall {
    static final String HELPER = "docker-credential-ecr-login";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MARK = "@@doctor-helper-log";

    /** Shell script run inside a container; the host comes in DOCTOR_REGISTRY. */
    static final String SCRIPT = "log=\"${HOME:-/root}/.ecr/log/ecr-login.log\"; "
            + "n=$(cat \"$log\" 2>/dev/null | wc -l); "
            + "out=$(printf '%s' \"$DOCTOR_REGISTRY\" | " + HELPER + " get 2>&1); rc=$?; "
            + "if [ $rc -eq 0 ]; then printf '%s' \"$out\"; exit 0; fi; "
            + "printf '%s\\n' \"$out\" >&2; echo '" + MARK + "' >&2; tail -n +$((n + 1)) \"$log\" >&2 2>/dev/null; "
            + "exit $rc";

    /**
     * @param output   the helper's own words on failure ("credentials not found in native keychain")
     * @param logLines what it wrote to its log during this call: AWS's error, verbatim
     */
    record Answer(boolean ok, String username, Secret secret, int exitCode, String output, List<String> logLines) {

        /** The most telling line: AWS's error from the log when there is one, else the helper's output. */
        String error() {
            return logLines.stream().filter(l -> l.contains("level=error") || l.contains("error=")).reduce((a, b) -> b)
                    .or(() -> logLines.stream().reduce((a, b) -> b)).orElse(output.strip());
        }
    }

    private HelperCall() {}

    static Answer parse(ExecResult result) {
        if (result.exitCode() == 0) {
            try {
                JsonNode json = JSON.readTree(result.stdout());
                String user = json.path("Username").asText("");
                String secret = json.path("Secret").asText("");
                if (!user.isEmpty() && !secret.isEmpty()) {
                    return new Answer(true, user, Secret.of(secret), 0, "", List.of());
                }
            } catch (IOException e) {
                // not a credential: reported below
            }
            return new Answer(false, "", Secret.empty(), 0, "the helper answered without a credential", List.of());
        }
        String err = result.stderr();
        int mark = err.indexOf(MARK);
        String output = mark < 0 ? err : err.substring(0, mark);
        List<String> log = mark < 0 ? List.of() : err.substring(mark + MARK.length()).lines().map(String::strip)
                .filter(l -> !l.isEmpty()).toList();
        return new Answer(false, "", Secret.empty(), result.exitCode(), output.strip(), log);
    }
}
