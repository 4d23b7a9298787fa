package dev.runnerops.orchestrator.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.BuildImageResultCallback;
import com.github.dockerjava.api.command.WaitContainerResultCallback;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.AccessMode;
import com.github.dockerjava.api.model.AuthConfig;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Image;
import com.github.dockerjava.api.model.PushResponseItem;
import com.github.dockerjava.api.model.StreamType;
import com.github.dockerjava.api.model.Volume;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;
import org.testcontainers.utility.MountableFile;

/**
 * A private Amazon ECR, on this machine, with a real credential flow in which only the ECR API is fake.
 *
 * <ul>
 *   <li>The fake ECR API (src-it/standins/ecr-api) answers GetAuthorizationToken at
 *       {@code https://api.ecr.<region>.amazonaws.com} (a network alias on the bed's network) after verifying
 *       the request's AWS SigV4 signature with the bed's access keys, and issues base64("AWS:" + password).</li>
 *   <li>The registry stand-in (Debian's Distribution 2.8) serves {@code https://<account>.dkr.ecr.<region>.amazonaws.com}
 *       (network alias, port 443, TLS) with htpasswd auth for user {@code AWS} and that password; debug logging,
 *       so that its lines carry {@code auth.user.name=AWS} for each authenticated request.</li>
 *   <li>Both use a server certificate of a test CA made here with openssl ({@link #caCertificate()}).</li>
 *   <li>The engine (dockerd, on this machine) reaches the registry by its ECR host name: the bed adds a line to
 *       /etc/hosts pointing that name at the registry container's address on the bed's network, and the CA at
 *       /etc/docker/certs.d/&lt;host&gt;/ca.crt. Not 127.0.0.1 with a published port: dockerd treats every
 *       registry that resolves into 127.0.0.0/8 as insecure (moby registry/config.go, isSecureIndex and the
 *       default insecure CIDR 127.0.0.0/8), skips certificate checks and falls back to plain HTTP, which real
 *       ECR never gets. Both are removed on close, and by {@link #sweepLeftovers()} after a killed run
 *       (the hosts line carries a marker comment, the certs.d folder a marker file).</li>
 *   <li>A small job image (busybox FROM scratch) is pushed as {@link #imageReference()} with the AWS credential,
 *       and its local tag removed, so that every later use has to pull it from the registry.</li>
 * </ul>
 *
 * <p>Nothing reaches real AWS: the helper derives {@code api.ecr.<region>.amazonaws.com} from the registry name
 * and that name resolves, inside containers on the bed's network, to the fake API by its network alias. Nor the EC2
 * metadata address (169.254.169.254): the AWS SDK's default credential chain stops at the first source that has
 * keys, and every helper run is given a credentials file (/root/.aws/credentials) with keys, valid or not, so the
 * chain never gets to its last source, the instance metadata; the region comes from the registry name, so it is
 * never looked up either. The bed's own helper runs also set AWS_EC2_METADATA_DISABLED=true.
 *
 * <p>Account and region default to IT_ECR_ACCOUNT and IT_ECR_REGION (210987654321, eu-central-1): people who
 * run beds on one machine at the same time need different accounts, since the host name is machine-wide.
 */
final class EcrTestBed implements AutoCloseable {
    static final String DEFAULT_ACCOUNT = StandIns.envOr("IT_ECR_ACCOUNT", "210987654321");
    static final String DEFAULT_REGION = StandIns.envOr("IT_ECR_REGION", "eu-central-1");
    /** Debian's amazon-ecr-credential-helper (0.6.0, dynamically linked against glibc). */
    static final Path DEBIAN_HELPER = Path.of("/usr/bin/docker-credential-ecr-login");
    /** Where the product mounts the helper in the runner container, and where the bed mounts it. */
    static final String HELPER_IN_CONTAINER = "/usr/local/bin/docker-credential-ecr-login";
    /** The fake ECR API and the docker CLI stand-in (scripts/build-standins ecr-api docker-cli). */
    static final String ECR_API_IMAGE = StandIns.ECR_API;
    static final String DOCKER_CLI_IMAGE = StandIns.DOCKER_CLI;

    private static final Path HOSTS = Path.of("/etc/hosts");
    private static final Path CERTS_D = Path.of("/etc/docker/certs.d");
    private static final String OWNER_FILE = "ecr-test-bed.owner";
    private static final String MARKER = "dev.runnerops.it=" + TestDocker.PROJECT_PREFIX + " ecr-test-bed";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static boolean swept;

    private final String account;
    private final String region;
    private final String id = UUID.randomUUID().toString().substring(0, 8);
    private final Path folder;
    private final String accessKeyId = "AKIA" + randomUpper(16);
    private final String secretAccessKey = randomToken(40);
    private final String unknownAccessKeyId = "AKIA" + randomUpper(16);
    private final String password = randomToken(32);
    private String networkName;
    private String createdNetworkId;
    private GenericContainer<?> ecrApi;
    private GenericContainer<?> registry;
    private String registryAddress;
    private boolean hostsLineAdded;
    private boolean certsDirCreated;
    private final String tag = "t" + UUID.randomUUID().toString().substring(0, 8);

    /** A bed on a network of its own, with IT_ECR_ACCOUNT / IT_ECR_REGION (default 210987654321, eu-central-1). */
    static EcrTestBed start() throws Exception {
        return start(DEFAULT_ACCOUNT, DEFAULT_REGION, null);
    }

    /**
     * A bed for {@code account} (12 digits) in {@code region}; on the existing Docker network
     * {@code networkName}, or on a network of its own when it is null.
     */
    static EcrTestBed start(String account, String region, String networkName) throws Exception {
        EcrTestBed bed = new EcrTestBed(account, region);
        try {
            bed.up(networkName);
            return bed;
        } catch (Exception | Error e) {
            bed.close();
            throw e;
        }
    }

    private EcrTestBed(String account, String region) throws IOException {
        if (!account.matches("[0-9]{12}") || !region.matches("[a-z]{2}(-[a-z]+)+-[0-9]")) {
            throw new IllegalArgumentException("account must be 12 digits and region like eu-central-1");
        }
        this.account = account;
        this.region = region;
        sweepLeftovers();
        this.folder = Files.createTempDirectory(TestDocker.PROJECT_PREFIX + "ecr-" + id + "-");
    }

    // ------------------------------------------------------------------ what tests use

    String accountId() {
        return account;
    }

    String region() {
        return region;
    }

    /** {@code <account>.dkr.ecr.<region>.amazonaws.com}. */
    String registryHost() {
        return account + ".dkr.ecr." + region + ".amazonaws.com";
    }

    /** {@code api.ecr.<region>.amazonaws.com}, the fake API's network alias. */
    String apiHost() {
        return "api.ecr." + region + ".amazonaws.com";
    }

    /** The pushed job image, {@code <registryHost>/<prefix>job:<tag>}; not present locally after start. */
    String imageReference() {
        return registryHost() + "/" + TestDocker.PROJECT_PREFIX + "job:" + tag;
    }

    /** The Docker network where the aliases resolve; containers that run the helper must be on it. */
    String networkName() {
        return networkName;
    }

    /** The registry container's address on that network (what the /etc/hosts line points at). */
    String registryAddress() {
        return registryAddress;
    }

    /** {@code {"credHelpers":{"<registryHost>":"ecr-login"}}}: DOCKER_AUTH_CONFIG, or a docker config.json. */
    String dockerAuthConfig() {
        return "{\"credHelpers\":{\"" + registryHost() + "\":\"ecr-login\"}}";
    }

    /** An AWS shared credentials file ([default]) with keys the fake ECR API knows. */
    String awsCredentials() {
        return credentialsFile(accessKeyId, secretAccessKey);
    }

    /** A credentials file whose access key id the API does not know: UnrecognizedClientException. */
    String unknownAwsCredentials() {
        return credentialsFile(unknownAccessKeyId, secretAccessKey);
    }

    /** A credentials file with the known access key id and a wrong secret: InvalidSignatureException. */
    String wrongSecretAwsCredentials() {
        return credentialsFile(accessKeyId, randomToken(40));
    }

    /** The valid access key id (not a secret; the API logs it). */
    String accessKeyId() {
        return accessKeyId;
    }

    String unknownAccessKeyId() {
        return unknownAccessKeyId;
    }

    /**
     * The test CA's certificate (PEM). For the runner container: mount it at gitlab-runner's
     * CA_CERTIFICATES_PATH (default /etc/gitlab-runner/certs/ca.crt), whose entrypoint adds it to
     * /etc/ssl/certs/ca-certificates.crt, the bundle the helper (Go) reads; elsewhere set SSL_CERT_FILE to it.
     */
    Path caCertificate() {
        return folder.resolve("ca.crt");
    }

    /** The bed's temporary folder (removed on close). */
    Path folder() {
        return folder;
    }

    /** Writes a file (mode 0600) into the bed's folder, e.g. a credentials file to mount; returns its path. */
    Path writeFile(String name, String content) throws IOException {
        Path p = folder.resolve(name);
        Files.writeString(p, content, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-------"));
        return p;
    }

    /** The registry's log (stdout and stderr), one entry a line. */
    List<String> registryLog() {
        return lines(registry.getLogs());
    }

    /** The fake ECR API's log: one line per request (time, target, accessKeyId, status, outcome, requestId). */
    List<String> ecrApiLog() {
        return lines(ecrApi.getLogs());
    }

    /**
     * The registry's log lines of manifest reads (GET or HEAD of /v2/NAME/manifests/REF: every pull makes one)
     * of the job image's repository made by {@code user}, e.g. "AWS".
     */
    List<String> manifestReadsBy(String user) {
        String repo = "vars.name=" + TestDocker.PROJECT_PREFIX + "job";
        return registryLog().stream()
                .filter(l -> l.contains("msg=GetImageManifest") && l.contains(" auth.user.name=" + user + " ")
                        && l.contains(repo))
                .toList();
    }

    /**
     * Waits until a {@link #manifestReadsBy} line that {@code match}es is logged, and returns it (null after 30 s).
     * The engine copies a container's output to its log asynchronously, so a line can show up after the request's
     * answer: wait for it instead of reading once.
     */
    String awaitManifestReadBy(String user, Predicate<String> match) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(30);
        while (true) {
            var line = manifestReadsBy(user).stream().filter(match).findFirst();
            if (line.isPresent() || Instant.now().isAfter(deadline)) {
                return line.orElse(null);
            }
            Thread.sleep(200);
        }
    }

    /** Waits (30 s at most, see {@link #awaitManifestReadBy}) for a line of the ECR API's log; null if none came. */
    String awaitEcrApiLine(Predicate<String> match) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(30);
        while (true) {
            var line = ecrApiLog().stream().filter(match).findFirst();
            if (line.isPresent() || Instant.now().isAfter(deadline)) {
                return line.orElse(null);
            }
            Thread.sleep(200);
        }
    }

    /** One run of `docker-credential-ecr-login get`; toString never shows the secret. */
    record HelperRun(int exitCode, String stdout, String stderr, String helperLog) {
        /** Username and Secret of a successful run's JSON answer, or null. */
        String[] usernameAndSecret() {
            try {
                JsonNode n = JSON.readTree(stdout);
                return new String[] {n.path("Username").asText(), n.path("Secret").asText()};
            } catch (IOException e) {
                return null;
            }
        }

        @Override
        public String toString() {
            String shown = stdout.contains("\"Secret\"") ? stdout.replaceAll("\"Secret\":\"[^\"]*\"", "\"Secret\":\"<hidden>\"")
                    : stdout;
            return "exit " + exitCode + ", stdout: " + shown.strip() + ", stderr: " + stderr.strip()
                    + ", ~/.ecr/log/ecr-login.log:\n" + helperLog;
        }
    }

    /**
     * Runs Debian's helper as the docker CLI and the runner call it: {@code docker-credential-ecr-login get}
     * with the registry host on stdin, in a container on the bed's network, with {@code credentials} at
     * /root/.aws/credentials, SSL_CERT_FILE at the test CA, and the token cache off (AWS_ECR_DISABLE_CACHE=true).
     */
    HelperRun runHelper(String credentials) throws Exception {
        Path cred = writeFile("credentials-" + UUID.randomUUID().toString().substring(0, 6), credentials);
        try {
            String script = "printf '%s' \"$ECR_REGISTRY_HOST\" | docker-credential-ecr-login get; rc=$?; "
                    + "echo \"@@exit=$rc\" >&2; echo '@@log' >&2; cat /root/.ecr/log/ecr-login.log >&2; exit 0";
            RunResult r = runOnce(DOCKER_CLI_IMAGE, "helper",
                    List.of(bind(DEBIAN_HELPER, HELPER_IN_CONTAINER), bind(cred, "/root/.aws/credentials"),
                            bind(caCertificate(), "/etc/ecr-test-bed/ca.crt")),
                    List.of("ECR_REGISTRY_HOST=" + registryHost(), "AWS_ECR_DISABLE_CACHE=true",
                            "SSL_CERT_FILE=/etc/ecr-test-bed/ca.crt", "AWS_EC2_METADATA_DISABLED=true"),
                    List.of("sh", "-c", script), false);
            String err = r.stderr();
            int marker = err.indexOf("@@exit=");
            if (marker < 0) {
                throw new IllegalStateException("the helper container did not run the script: exit " + r.exitCode()
                        + ", stderr: " + err);
            }
            int exit = Integer.parseInt(err.substring(marker + 7, err.indexOf('\n', marker)).strip());
            String log = err.substring(err.indexOf("@@log\n") + 6);
            return new HelperRun(exit, r.stdout(), err.substring(0, marker), log);
        } finally {
            Files.deleteIfExists(cred);
        }
    }

    /** Output of a one-off container: exit code, stdout, stderr. */
    record RunResult(int exitCode, String stdout, String stderr) {}

    /**
     * Runs the docker CLI stand-in as a Docker-in-Docker-style job would: the engine's socket mounted,
     * /root/.docker/config.json with {@link #dockerAuthConfig()}, Debian's helper at {@link #HELPER_IN_CONTAINER},
     * {@code credentials} at /root/.aws/credentials, SSL_CERT_FILE at the test CA, on the bed's network.
     */
    RunResult runDockerCli(String credentials, String... dockerArgs) throws Exception {
        Path cred = writeFile("credentials-" + UUID.randomUUID().toString().substring(0, 6), credentials);
        Path config = writeFile("config-" + UUID.randomUUID().toString().substring(0, 6) + ".json", dockerAuthConfig());
        try {
            List<String> cmd = new ArrayList<>(List.of("docker"));
            cmd.addAll(Arrays.asList(dockerArgs));
            return runOnce(DOCKER_CLI_IMAGE, "docker-cli",
                    List.of(bind(Path.of("/var/run/docker.sock"), "/var/run/docker.sock", AccessMode.rw),
                            bind(config, "/root/.docker/config.json"), bind(DEBIAN_HELPER, HELPER_IN_CONTAINER),
                            bind(cred, "/root/.aws/credentials"), bind(caCertificate(), "/etc/ecr-test-bed/ca.crt")),
                    List.of("SSL_CERT_FILE=/etc/ecr-test-bed/ca.crt", "AWS_EC2_METADATA_DISABLED=true"), cmd, true);
        } finally {
            Files.deleteIfExists(cred);
            Files.deleteIfExists(config);
        }
    }

    /** Removes local references to the job image (tags and digests), so that the next use pulls again. */
    void removeLocalImage() {
        String repository = registryHost() + "/" + TestDocker.PROJECT_PREFIX + "job";
        for (Image image : TestDocker.client().listImagesCmd().withShowAll(true).exec()) {
            TestDocker.untagReferences(image, repository);
        }
    }

    // ------------------------------------------------------------------ start

    private void up(String joinNetwork) throws Exception {
        DockerClient docker = TestDocker.client();
        for (String image : List.of(ECR_API_IMAGE, StandIns.REGISTRY, DOCKER_CLI_IMAGE)) {
            try {
                docker.inspectImageCmd(image).exec();
            } catch (NotFoundException e) {
                throw new IllegalStateException("Stand-in image " + image
                        + " is missing: run scripts/build-standins (scripts/test does).");
            }
        }
        if (!Files.isExecutable(DEBIAN_HELPER)) {
            throw new IllegalStateException(DEBIAN_HELPER + " is missing: install the Debian package amazon-ecr-credential-helper");
        }
        refuseForeignHostName();
        makeCertificates();
        writeFile("ecr-keys", accessKeyId + ":" + secretAccessKey + ":" + account + "\n");
        writeFile("registry-password", password + "\n");
        writeFile("htpasswd", htpasswdLine());

        if (joinNetwork == null) {
            networkName = TestDocker.PROJECT_PREFIX + "ecr-" + id;
            createdNetworkId = docker.createNetworkCmd().withName(networkName).withDriver("bridge")
                    .withLabels(Map.of(TestDocker.TEST_LABEL, TestDocker.PROJECT_PREFIX)).exec().getId();
        } else {
            networkName = joinNetwork;
        }
        String networkId = docker.inspectNetworkCmd().withNetworkId(networkName).exec().getId();

        ecrApi = new GenericContainer<>(DockerImageName.parse(ECR_API_IMAGE))
                .withNetwork(new ExistingNetwork(networkId))
                .withNetworkAliases(apiHost())
                .withLabel(TestDocker.TEST_LABEL, TestDocker.PROJECT_PREFIX)
                .withCopyFileToContainer(file("server.crt"), "/etc/ecr-api/server.crt")
                .withCopyFileToContainer(file("server.key"), "/etc/ecr-api/server.key")
                .withCopyFileToContainer(file("ecr-keys"), "/etc/ecr-api/keys")
                .withCopyFileToContainer(file("registry-password"), "/etc/ecr-api/password")
                .withEnv(Map.of("ECR_TLS_CERT", "/etc/ecr-api/server.crt", "ECR_TLS_KEY", "/etc/ecr-api/server.key",
                        "ECR_KEYS_FILE", "/etc/ecr-api/keys", "ECR_PASSWORD_FILE", "/etc/ecr-api/password",
                        "ECR_ACCOUNT", account))
                .waitingFor(Wait.forLogMessage(".*ecr-api listening on .*\\n", 1)
                        .withStartupTimeout(Duration.ofSeconds(60)));
        ecrApi.start();

        Map<String, String> registryEnv = new HashMap<>();
        // Distribution's own configuration variables (docs/configuration.md "Override specific configuration
        // options", docs/deploying.md "Native basic auth"); debug level for the auth.user.name of each request
        registryEnv.put("REGISTRY_LOG_LEVEL", "debug");
        registryEnv.put("REGISTRY_HTTP_ADDR", "0.0.0.0:443");
        registryEnv.put("REGISTRY_HTTP_TLS_CERTIFICATE", "/certs/server.crt");
        registryEnv.put("REGISTRY_HTTP_TLS_KEY", "/certs/server.key");
        registryEnv.put("REGISTRY_AUTH", "htpasswd");
        registryEnv.put("REGISTRY_AUTH_HTPASSWD_REALM", "https://" + registryHost() + "/");
        registryEnv.put("REGISTRY_AUTH_HTPASSWD_PATH", "/auth/htpasswd");
        registry = new GenericContainer<>(DockerImageName.parse(StandIns.REGISTRY))
                .withNetwork(new ExistingNetwork(networkId))
                .withNetworkAliases(registryHost())
                .withLabel(TestDocker.TEST_LABEL, TestDocker.PROJECT_PREFIX)
                .withCopyFileToContainer(file("server.crt"), "/certs/server.crt")
                .withCopyFileToContainer(file("server.key"), "/certs/server.key")
                .withCopyFileToContainer(file("htpasswd"), "/auth/htpasswd")
                .withEnv(registryEnv)
                .waitingFor(Wait.forLogMessage(".*listening on .*:443, tls.*\\n", 1)
                        .withStartupTimeout(Duration.ofSeconds(60)));
        registry.start();
        registryAddress = docker.inspectContainerCmd(registry.getContainerId()).exec().getNetworkSettings()
                .getNetworks().values().stream()
                .filter(n -> networkId.equals(n.getNetworkID())).findFirst()
                .orElseThrow(() -> new IllegalStateException("the registry has no address on " + networkName))
                .getIpAddress();

        addHostsLineAndCa();
        pushJobImage();
    }

    /**
     * A file of the bed's folder, copied into a container before it starts (mode 0600). Not a bind mount:
     * Testcontainers would first check with an alpine container, which no registry here can provide.
     */
    private MountableFile file(String name) {
        return MountableFile.forHostPath(folder.resolve(name), 0600);
    }

    /** Another bed (another prefix) or this machine's own configuration already uses the host name. */
    private void refuseForeignHostName() throws IOException {
        String host = registryHost();
        boolean inHosts = Files.readAllLines(HOSTS).stream()
                .map(l -> l.replaceFirst("#.*", ""))
                .anyMatch(l -> Arrays.asList(l.trim().split("\\s+")).contains(host));
        if (inHosts || Files.exists(CERTS_D.resolve(host))) {
            throw new IllegalStateException(host + " is already in /etc/hosts or /etc/docker/certs.d (another test bed,"
                    + " or this machine's configuration): run with another IT_ECR_ACCOUNT");
        }
    }

    private void makeCertificates() throws Exception {
        String ec = "ec_paramgen_curve:prime256v1";
        run(folder, null, "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", ec, "-nodes",
                "-keyout", "ca.key", "-out", "ca.crt", "-days", "2", "-subj", "/CN=" + TestDocker.PROJECT_PREFIX + "ecr test CA " + id,
                "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign");
        run(folder, null, "openssl", "req", "-newkey", "ec", "-pkeyopt", ec, "-nodes",
                "-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=" + apiHost());
        Files.writeString(folder.resolve("server.ext"), "subjectAltName=DNS:" + apiHost() + ",DNS:" + registryHost() + "\n"
                + "basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\n");
        run(folder, null, "openssl", "x509", "-req", "-in", "server.csr", "-CA", "ca.crt", "-CAkey", "ca.key",
                "-CAcreateserial", "-out", "server.crt", "-days", "2", "-extfile", "server.ext");
    }

    /** "AWS:<bcrypt>" from htpasswd -B (Distribution accepts bcrypt only); the password goes on stdin, not argv. */
    private String htpasswdLine() throws Exception {
        String out;
        try {
            out = run(folder, password + "\n", "htpasswd", "-niB", "AWS");
        } catch (IOException e) {
            throw new IllegalStateException("htpasswd is missing: install the Debian package apache2-utils", e);
        }
        String line = out.lines().filter(l -> l.startsWith("AWS:$2")).findFirst()
                .orElseThrow(() -> new IllegalStateException("htpasswd gave no bcrypt line"));
        return line + "\n";
    }

    private void addHostsLineAndCa() throws IOException {
        Path dir = CERTS_D.resolve(registryHost());
        Files.createDirectories(dir);
        certsDirCreated = true;
        Files.writeString(dir.resolve(OWNER_FILE), MARKER + " " + id + "\n");
        Files.copy(caCertificate(), dir.resolve("ca.crt"));
        editHosts(lines -> {
            List<String> out = new ArrayList<>(lines);
            out.add(registryAddress + " " + registryHost() + " # " + MARKER + " " + id);
            return out;
        });
        hostsLineAdded = true;
    }

    /**
     * Builds the job image (busybox FROM scratch) under its ECR name, pushes it with the AWS credential and
     * removes it locally. dockerd's resolver may hold the previous /etc/hosts for a few seconds (Go re-reads it at
     * most every 5 s): the push is retried while the name does not resolve or the address does not answer.
     */
    private void pushJobImage() throws Exception {
        Path ctx = Files.createDirectories(folder.resolve("job-image"));
        Files.copy(Path.of("/bin/busybox"), ctx.resolve("busybox"));
        // A shell at /bin/sh, as every image a CI job runs in has: the executor runs the job script with it.
        Files.writeString(ctx.resolve("Dockerfile"), "FROM scratch\nCOPY busybox /bin/busybox\n"
                + "RUN [\"/bin/busybox\", \"sh\", \"-c\", \"/bin/busybox mkdir -p /usr/bin /sbin /usr/sbin /tmp "
                + "&& /bin/busybox --install -s\"]\n"
                + "CMD [\"/bin/busybox\", \"echo\", \"job image of the ECR test bed\"]\n");
        DockerClient docker = TestDocker.client();
        docker.buildImageCmd(ctx.toFile()).withTags(Set.of(imageReference()))
                .withLabels(Map.of(TestDocker.TEST_LABEL, TestDocker.PROJECT_PREFIX))
                .exec(new BuildImageResultCallback()).awaitImageId(2, TimeUnit.MINUTES);
        AuthConfig auth = new AuthConfig().withUsername("AWS").withPassword(password).withRegistryAddress(registryHost());
        String repository = imageReference().substring(0, imageReference().lastIndexOf(':'));
        Instant deadline = Instant.now().plusSeconds(60);
        while (true) {
            String error = push(docker, repository, tag, auth);
            if (error == null) {
                break;
            }
            boolean notYet = error.contains("no such host") || error.contains("connection refused")
                    || error.contains("no route to host") || error.contains("i/o timeout");
            if (!notYet || Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("pushing " + imageReference() + " failed: " + error);
            }
            Thread.sleep(500);
        }
        removeLocalImage();
    }

    private static String push(DockerClient docker, String repository, String tag, AuthConfig auth)
            throws InterruptedException {
        String[] error = {null};
        try {
            docker.pushImageCmd(repository).withTag(tag)
                    .withAuthConfig(auth).exec(new ResultCallback.Adapter<PushResponseItem>() {
                        @Override
                        public void onNext(PushResponseItem item) {
                            if (item.getErrorDetail() != null) {
                                error[0] = item.getErrorDetail().getMessage();
                            }
                        }
                    }).awaitCompletion(2, TimeUnit.MINUTES);
        } catch (RuntimeException e) {
            return String.valueOf(e.getMessage());
        }
        return error[0];
    }

    // ------------------------------------------------------------------ clean-up

    @Override
    public void close() {
        List<RuntimeException> problems = new ArrayList<>();
        Runnable[] steps = {
            this::removeLocalImage,
            () -> {
                if (registry != null) {
                    registry.stop();
                }
            },
            () -> {
                if (ecrApi != null) {
                    ecrApi.stop();
                }
            },
            () -> {
                if (createdNetworkId != null) {
                    TestDocker.client().removeNetworkCmd(createdNetworkId).exec();
                }
            },
            () -> {
                if (hostsLineAdded) {
                    editHosts(lines -> lines.stream().filter(l -> !l.endsWith("# " + MARKER + " " + id)).toList());
                }
            },
            () -> {
                if (certsDirCreated) {
                    deleteTree(CERTS_D.resolve(registryHost()));
                }
            },
            () -> deleteTree(folder),
        };
        for (Runnable step : steps) {
            try {
                step.run();
            } catch (RuntimeException e) {
                problems.add(e);
            }
        }
        if (!problems.isEmpty()) {
            IllegalStateException e = new IllegalStateException("the ECR test bed was not fully removed");
            problems.forEach(e::addSuppressed);
            throw e;
        }
    }

    /**
     * Once per JVM: removes the /etc/hosts lines and certs.d folders that killed runs with this IT_PROJECT_PREFIX
     * left (found by their marker). Containers, networks, images and temporary folders go with
     * {@link TestDocker#sweepLeftovers()}, which this calls first.
     */
    static synchronized void sweepLeftovers() {
        if (swept) {
            return;
        }
        swept = true;
        TestDocker.sweepLeftovers();
        editHosts(lines -> lines.stream().filter(l -> !l.contains("# " + MARKER + " ")).toList());
        if (Files.isDirectory(CERTS_D)) {
            try (Stream<Path> dirs = Files.list(CERTS_D)) {
                for (Path dir : dirs.toList()) {
                    Path owner = dir.resolve(OWNER_FILE);
                    if (Files.isRegularFile(owner) && Files.readString(owner).startsWith(MARKER + " ")) {
                        deleteTree(dir);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    // ------------------------------------------------------------------ helpers

    /** Rewrites /etc/hosts in place (it may be a bind mount, so never replaced by a rename). */
    private static synchronized void editHosts(UnaryOperator<List<String>> edit) {
        try {
            List<String> before = Files.readAllLines(HOSTS);
            List<String> after = edit.apply(before);
            if (!after.equals(before)) {
                Files.write(HOSTS, after);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot edit /etc/hosts (the ECR test bed needs root)", e);
        }
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String credentialsFile(String keyId, String secret) {
        return "[default]\naws_access_key_id = " + keyId + "\naws_secret_access_key = " + secret + "\n";
    }

    private static String randomUpper(int n) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n; i++) {
            b.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return b.toString();
    }

    private static String randomToken(int n) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n; i++) {
            b.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return b.toString();
    }

    private static List<String> lines(String text) {
        return text.lines().toList();
    }

    private static Bind bind(Path host, String container) {
        return bind(host, container, AccessMode.ro);
    }

    private static Bind bind(Path host, String container, AccessMode mode) {
        return new Bind(host.toString(), new Volume(container), mode);
    }

    /** Runs a command on this machine; returns stdout; fails with its stderr. Never give it a secret in argv. */
    private static String run(Path dir, String stdin, String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).start();
        if (stdin != null) {
            p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        p.getOutputStream().close();
        var err = new java.util.concurrent.CompletableFuture<String>();
        Thread t = new Thread(() -> {
            try {
                err.complete(new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                err.complete("");
            }
        });
        t.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException(cmd[0] + " did not finish in 60 s");
        }
        t.join();
        if (p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", cmd[0], cmd.length > 1 ? cmd[1] : "") + " failed (exit "
                    + p.exitValue() + "): " + err.join());
        }
        return out;
    }

    /** A container that runs one command on the bed's network, then is removed. */
    private RunResult runOnce(String image, String role, List<Bind> binds, List<String> env, List<String> cmd,
            boolean keepEntrypoint) throws InterruptedException {
        DockerClient docker = TestDocker.client();
        var create = docker.createContainerCmd(image)
                .withName(TestDocker.PROJECT_PREFIX + "ecr-" + role + "-" + UUID.randomUUID().toString().substring(0, 8))
                .withLabels(Map.of(TestDocker.TEST_LABEL, TestDocker.PROJECT_PREFIX))
                .withEnv(env)
                .withCmd(cmd)
                .withHostConfig(HostConfig.newHostConfig().withBinds(binds).withNetworkMode(networkName));
        if (!keepEntrypoint) {
            create.withEntrypoint(List.of());
        }
        String containerId = create.exec().getId();
        try {
            docker.startContainerCmd(containerId).exec();
            int code = docker.waitContainerCmd(containerId).exec(new WaitContainerResultCallback())
                    .awaitStatusCode(3, TimeUnit.MINUTES);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            docker.logContainerCmd(containerId).withStdOut(true).withStdErr(true).withFollowStream(false)
                    .exec(new ResultCallback.Adapter<Frame>() {
                        @Override
                        public void onNext(Frame frame) {
                            synchronized (out) {
                                (frame.getStreamType() == StreamType.STDERR ? err : out).writeBytes(frame.getPayload());
                            }
                        }
                    }).awaitCompletion(60, TimeUnit.SECONDS);
            synchronized (out) {
                return new RunResult(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
            }
        } finally {
            docker.removeContainerCmd(containerId).withForce(true).withRemoveVolumes(true).exec();
        }
    }

    /** A network created outside Testcontainers, handed to it by id. */
    private record ExistingNetwork(String id) implements Network {
        @Override
        public String getId() {
            return id;
        }

        @Override
        public void close() {
            // removed by EcrTestBed.close, after the containers (or not at all when joined)
        }
    }
}
