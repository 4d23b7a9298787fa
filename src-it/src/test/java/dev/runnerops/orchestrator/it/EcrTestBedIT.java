package dev.runnerops.orchestrator.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.command.PullImageResultCallback;
import com.github.dockerjava.api.model.AuthConfig;
import com.github.dockerjava.api.model.PullResponseItem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The ECR test bed itself, without the orchestrator: Debian's docker-credential-ecr-login gets a registry
 * credential from the fake ECR API with valid keys and fails as against AWS with bad ones; the real docker CLI
 * (Docker-in-Docker style) and the engine itself pull the job image by its ECR name as user AWS.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EcrTestBedIT {
    /** What the helper prints (on stdout, exit 1) for any failure (docker-credential-helpers' ErrCredentialsNotFound). */
    static final String HELPER_NOT_FOUND = "credentials not found in native keychain";
    /** AWS's answer to an unknown access key id, as the AWS SDK for Go v2 words it in the helper's log. */
    static final String UNRECOGNIZED = "api error UnrecognizedClientException: The security token included in the request is invalid.";
    static final String INVALID_SIGNATURE = "api error InvalidSignatureException: The request signature we calculated"
            + " does not match the signature you provided. Check your AWS Secret Access Key and signing method."
            + " Consult the service documentation for details.";

    private EcrTestBed bed;

    @BeforeAll
    void setUp() throws Exception {
        bed = EcrTestBed.start();
    }

    @AfterAll
    void tearDown() throws Exception {
        if (bed != null) {
            bed.close();
            assertThat(Files.readString(Path.of("/etc/hosts"))).doesNotContain(bed.registryHost());
            assertThat(Path.of("/etc/docker/certs.d", bed.registryHost())).doesNotExist();
            assertThat(bed.folder()).doesNotExist();
        }
    }

    @Test
    @Order(1)
    void theHelperGetsTheRegistryPasswordFromTheFakeApiWithValidKeys() throws Exception {
        EcrTestBed.HelperRun run = bed.runHelper(bed.awsCredentials());

        assertThat(run.exitCode()).as("%s", run).isZero();
        String[] user = run.usernameAndSecret();
        assertThat(user).as("%s", run).isNotNull();
        assertThat(user[0]).isEqualTo("AWS");
        assertThat(user[1]).as("a secret came back").isNotBlank();
        assertThat(run.stdout()).contains("\"ServerURL\":\"" + bed.registryHost() + "\"");
        assertThat(run.helperLog()).contains("Cache disabled due to AWS_ECR_DISABLE_CACHE")
                .contains("Calling ECR.GetAuthorizationToken\" registry=" + bed.accountId());
        assertThat(bed.awaitEcrApiLine(l -> l.contains("target=AmazonEC2ContainerRegistry_V20150921.GetAuthorizationToken")
                && l.contains("accessKeyId=" + bed.accessKeyId()) && l.contains("status=200")
                && l.contains("registryIds=" + bed.accountId()))).as("%s", bed.ecrApiLog()).isNotNull();
        assertThat(String.join("\n", bed.ecrApiLog())).as("no secret in the API's log")
                .doesNotContain(user[1]).doesNotContain(secretOf(bed.awsCredentials()));
    }

    @Test
    @Order(2)
    void withUnknownKeysTheHelperFailsAndOnlyItsLogTellsWhy() throws Exception {
        EcrTestBed.HelperRun run = bed.runHelper(bed.unknownAwsCredentials());

        assertThat(run.exitCode()).as("%s", run).isEqualTo(1);
        assertThat(run.stdout().strip()).isEqualTo(HELPER_NOT_FOUND);
        assertThat(run.helperLog()).contains("level=error msg=\"Error retrieving credentials\"")
                .contains("ecr: Failed to get authorization token: operation error ECR: GetAuthorizationToken,"
                        + " https response error StatusCode: 400, RequestID: ")
                .contains(UNRECOGNIZED);
        assertThat(bed.awaitEcrApiLine(l -> l.contains("accessKeyId=" + bed.unknownAccessKeyId())
                && l.contains("status=400") && l.contains("outcome=UnrecognizedClientException")))
                .as("%s", bed.ecrApiLog()).isNotNull();
    }

    @Test
    @Order(3)
    void withAWrongSecretTheSignatureIsRejected() throws Exception {
        EcrTestBed.HelperRun run = bed.runHelper(bed.wrongSecretAwsCredentials());

        assertThat(run.exitCode()).as("%s", run).isEqualTo(1);
        assertThat(run.stdout().strip()).isEqualTo(HELPER_NOT_FOUND);
        assertThat(run.helperLog()).contains(INVALID_SIGNATURE);
        assertThat(bed.awaitEcrApiLine(l -> l.contains("accessKeyId=" + bed.accessKeyId())
                && l.contains("status=400") && l.contains("outcome=InvalidSignatureException")))
                .as("%s", bed.ecrApiLog()).isNotNull();
    }

    @Test
    @Order(4)
    void theDockerCliPullsTheJobImageThroughTheHelperAsUserAws() throws Exception {
        assertThat(TestDocker.imageExists(bed.imageReference())).as("not local before the pull").isFalse();
        EcrTestBed.RunResult pull = bed.runDockerCli(bed.awsCredentials(), "pull", bed.imageReference());

        assertThat(pull.exitCode()).as("docker pull: %s %s", pull.stdout(), pull.stderr()).isZero();
        assertThat(pull.stdout()).contains("Status: Downloaded newer image for " + bed.imageReference());
        assertThat(TestDocker.imageExists(bed.imageReference())).isTrue();
        // the engine pulls for the CLI, and names its client: the CLI of the docker-cli stand-in
        assertThat(bed.awaitManifestReadBy("AWS", l -> l.contains("UpstreamClient(Docker-Client/20.10.24")))
                .as("registry log: %s", bed.registryLog()).isNotNull();
        bed.removeLocalImage();
    }

    @Test
    @Order(5)
    void theDockerCliWithUnknownKeysPullsWithoutCredentialsAndIsRefused() throws Exception {
        EcrTestBed.RunResult pull = bed.runDockerCli(bed.unknownAwsCredentials(), "pull", bed.imageReference());

        assertThat(pull.exitCode()).isNotZero();
        assertThat(pull.stderr()).contains("no basic auth credentials");
        assertThat(TestDocker.imageExists(bed.imageReference())).isFalse();
    }

    @Test
    @Order(6)
    void theEngineItselfPullsByTheEcrNameWithTheHelpersCredential() throws Exception {
        // what the runner's docker executor does: ask the helper, hand the credential to the engine's pull
        String[] credential = bed.runHelper(bed.awsCredentials()).usernameAndSecret();
        assertThat(credential).isNotNull();
        String error = pull(bed.imageReference(), new AuthConfig().withUsername(credential[0]).withPassword(credential[1])
                .withRegistryAddress(bed.registryHost()));

        assertThat(error).isNull();
        assertThat(TestDocker.imageExists(bed.imageReference())).isTrue();
        // the docker CLI's pulls (the test before) name Docker-Client; this one came from docker-java
        assertThat(bed.awaitManifestReadBy("AWS", l -> !l.contains("UpstreamClient(Docker-Client")))
                .as("registry log: %s", bed.registryLog()).isNotNull();
        bed.removeLocalImage();

        // no credential: the registry refuses, as ECR does
        String refused = pull(bed.imageReference(), null);
        assertThat(refused).contains("no basic auth credentials");
        assertThat(TestDocker.imageExists(bed.imageReference())).isFalse();
    }

    @Test
    @Order(7)
    void theEngineChecksTheRegistrysCertificateAgainstTheCaInCertsD() throws Exception {
        // the registry's name resolves outside 127.0.0.0/8, so the engine treats it as secure, as real ECR:
        // without the test CA in /etc/docker/certs.d/<host>/ it refuses the certificate instead of skipping checks
        String[] credential = bed.runHelper(bed.awsCredentials()).usernameAndSecret();
        Path ca = Path.of("/etc/docker/certs.d", bed.registryHost(), "ca.crt");
        Path aside = bed.folder().resolve("certs.d-ca.crt");
        Files.move(ca, aside);
        try {
            String error = pull(bed.imageReference(), new AuthConfig().withUsername(credential[0])
                    .withPassword(credential[1]).withRegistryAddress(bed.registryHost()));
            assertThat(error).contains("x509: certificate signed by unknown authority");
        } finally {
            Files.move(aside, ca);
        }
        assertThat(TestDocker.imageExists(bed.imageReference())).isFalse();
    }

    /** Pulls with docker-java; returns the engine's error, or null. */
    private static String pull(String reference, AuthConfig auth) throws InterruptedException {
        String repository = reference.substring(0, reference.lastIndexOf(':'));
        String tag = reference.substring(reference.lastIndexOf(':') + 1);
        var cmd = TestDocker.client().pullImageCmd(repository).withTag(tag);
        if (auth != null) {
            cmd.withAuthConfig(auth);
        }
        String[] error = {null};
        try {
            cmd.exec(new PullImageResultCallback() {
                @Override
                public void onNext(PullResponseItem item) {
                    if (item.getErrorDetail() != null) {
                        error[0] = item.getErrorDetail().getMessage();
                    }
                    super.onNext(item);
                }
            }).awaitCompletion(2, TimeUnit.MINUTES);
        } catch (RuntimeException e) {
            return String.valueOf(e.getMessage());
        }
        return error[0];
    }

    private static String secretOf(String credentialsFile) {
        return credentialsFile.lines().filter(l -> l.startsWith("aws_secret_access_key"))
                .map(l -> l.substring(l.indexOf('=') + 1).strip()).findFirst().orElseThrow();
    }
}
