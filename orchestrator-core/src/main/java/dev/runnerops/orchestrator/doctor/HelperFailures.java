package dev.runnerops.orchestrator.doctor;

import java.util.List;
import java.util.Locale;

/**
 * The likely cause of a failed {@code docker-credential-ecr-login get}, from the AWS error it logged, and what to
 * do. The patterns are AWS's error codes and the AWS SDK's messages, matched most specific first.
 */
final class HelperFailures {
    private record Cause(List<String> patterns, String fix) {}

    /** Exit code 127: the shell found no such command. */
    private static final String NOT_ON_PATH = "The helper is not on the container's PATH: it belongs at "
            + "/usr/local/bin/docker-credential-ecr-login, mounted by `up`. Run `up` to recreate the container.";

    private static final List<Cause> CAUSES = List.of(
            new Cause(List.of("signature expired", "requestexpired", "clock skew", "requesttimetooskewed"),
                    "This machine's clock is off by more than 5 minutes, and AWS refuses requests signed at the wrong "
                            + "time. Synchronise it (for example `timedatectl set-ntp true`, or chrony)."),
            new Cause(List.of("unrecognizedclientexception", "invalidclienttokenid"), "AWS does not know the access "
                    + "key id: the keys in aws.credentials_file are wrong, deleted or deactivated. Create an access "
                    + "key in IAM and put it in that file."),
            new Cause(List.of("invalidsignatureexception", "signaturedoesnotmatch"), "The secret access key does not "
                    + "belong to the access key id: fix aws_secret_access_key in aws.credentials_file."),
            new Cause(List.of("expiredtoken"), "The session token of these temporary credentials expired: refresh "
                    + "them (aws sso login, or your credential process) or use long-lived keys."),
            new Cause(List.of("accessdenied", "not authorized to perform"), "The credentials are valid, but their "
                    + "IAM identity may not call ecr:GetAuthorizationToken (or pull from this repository): grant it, for "
                    + "example with the managed policy AmazonEC2ContainerRegistryReadOnly."),
            new Cause(List.of("no ec2 imds role", "failed to refresh cached credentials", "nocredentialproviders",
                    "get credentials", "no valid credential", "anonymous credentials"), "The helper found no AWS "
                    + "credentials: set aws.credentials_file to a credentials file, or give this EC2 instance a role "
                    + "that may read ECR."),
            new Cause(List.of("x509", "certificate"), "The container does not trust the certificate of the ECR API "
                    + "(an intercepting proxy?): add its CA to the runner image or to jobs."),
            new Cause(List.of("no such host", "dial tcp", "i/o timeout", "connection refused", "network is unreachable"),
                    "The container cannot reach the ECR API (api.ecr.<region>.amazonaws.com): check DNS, the proxy "
                            + "(HTTPS_PROXY in the runner's environment) and that the registry's region is right."),
            new Cause(List.of("region"), "The helper could not tell the region: list the registry by its full host "
                    + "name in aws.ecr_registries, or set aws.region."));

    private HelperFailures() {}

    static String likelyFix(HelperCall.Answer answer) {
        String text = (answer.output() + "\n" + String.join("\n", answer.logLines()) + "\n" + answer.exitCode())
                .toLowerCase(Locale.ROOT);
        if (answer.exitCode() == 127) {
            return NOT_ON_PATH;
        }
        for (Cause cause : CAUSES) {
            if (cause.patterns().stream().anyMatch(text::contains)) {
                return cause.fix();
            }
        }
        return "Read the helper's error above; its full log is ~/.ecr/log/ecr-login.log in the runner container.";
    }
}
