package dev.runnerops.orchestrator.doctor;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** An AWS credentials file, described without its secrets: profile names and masked access key ids. */
final class CredentialsFile {
    private static final Pattern PROFILE = Pattern.compile("^\\s*\\[\\s*([^\\]]+?)\\s*]\\s*$");
    private static final Pattern KEY_ID = Pattern.compile("^\\s*aws_access_key_id\\s*=\\s*(\\S+)\\s*$");

    private CredentialsFile() {}

    /** "default (AKIA…MPLE)" per profile that has a key id; secret keys are never read out. */
    static List<String> describe(String text) {
        List<String> out = new ArrayList<>();
        String profile = null;
        for (String line : text.lines().toList()) {
            Matcher p = PROFILE.matcher(line);
            if (p.matches()) {
                profile = p.group(1);
                continue;
            }
            Matcher k = KEY_ID.matcher(line);
            if (k.matches() && profile != null) {
                out.add(profile + " (" + mask(k.group(1)) + ")");
            }
        }
        return out;
    }

    /** First four and last four characters, as the AWS console shows key ids. */
    static String mask(String keyId) {
        return keyId.length() <= 8 ? "…" : keyId.substring(0, 4) + "…" + keyId.substring(keyId.length() - 4);
    }
}
