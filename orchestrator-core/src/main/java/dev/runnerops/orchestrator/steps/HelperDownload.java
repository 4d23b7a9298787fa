package dev.runnerops.orchestrator.steps;

import dev.runnerops.orchestrator.errors.OperationException;
import dev.runnerops.orchestrator.event.StepId;
import dev.runnerops.orchestrator.plan.HelperPlan;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Authenticator;
import java.net.PasswordAuthentication;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;

/**
 * {@code helper.source = "release"}: downloads the published static binary with java.net.http (through the
 * proxy HTTPS_PROXY/NO_PROXY name), into a temporary file beside its place, hashing as it goes. Only a file
 * whose SHA-256 is the expected one is made executable (0755) and moved into place; any other outcome deletes
 * it. Nothing downloaded is ever run here.
 */
final class HelperDownload {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(30);
    /** Until the response's headers arrive; the body may take as long as it takes, with progress. */
    private static final Duration RESPONSE_TIMEOUT = Duration.ofSeconds(60);
    /** The helper is about 10 MB; anything far larger is not it, and must not fill the disk. */
    private static final long MAX_BYTES = 200L << 20;
    private static final long REPORT_EVERY = 256 << 10;

    private final Context ctx;
    private final ProxyEnvironment proxies;

    HelperDownload(Context ctx, Map<String, String> environment) {
        this.ctx = ctx;
        this.proxies = new ProxyEnvironment(environment);
    }

    /** Downloads, verifies and installs {@code helper.binary()}; returns the size in bytes. */
    long download(HelperPlan helper, StepId step) {
        URI url = URI.create(helper.url().orElseThrow());
        String expected = helper.sha256().orElseThrow();
        Path target = helper.binary();
        ctx.state().ensureDirectory(target.getParent());
        Path tmp = null;
        try {
            tmp = Files.createTempFile(target.getParent(), "." + target.getFileName() + ".", ".part");
            HttpResponse<InputStream> response = client(url).send(HttpRequest.newBuilder(url)
                    .timeout(RESPONSE_TIMEOUT).header("User-Agent", "gitlab-runner-ecr-orchestrator").GET().build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            long total;
            String actual;
            long bytes;
            try (InputStream body = response.body()) {
                checkStatus(response.statusCode(), url, helper);
                total = response.headers().firstValueAsLong("Content-Length").orElse(0);
                MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
                bytes = copy(body, tmp, sha256, total, step, url);
                actual = HexFormat.of().formatHex(sha256.digest());
            }
            if (total > 0 && bytes != total) {
                throw failure(url, "the download ended after " + bytes + " of " + total + " bytes. Run up again.");
            }
            if (!actual.equals(expected)) {
                throw new OperationException("verify helper", url.toString(), "The file downloaded from " + url
                        + " has SHA-256 " + actual + ", but " + expected + " was expected (from "
                        + (ctx.config().helper().sha256().isPresent() ? "helper.sha256" : "this tool's table of "
                        + "known releases") + "). It was deleted and never run. If helper.release_url points at a "
                        + "mirror, check that it serves the official file; if helper.sha256 is wrong, correct it "
                        + "from the release's .sha256 file.");
            }
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            tmp = null;
            ctx.state().record(target);
            return bytes;
        } catch (IOException e) {
            throw failure(url, e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage())
                    + ". Check the network" + proxyHint() + ", or set helper.source = \"build\" (or \"local\" with "
                    + "helper.local_path) on hosts that cannot reach it.");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failure(url, "interrupted.");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // a leftover .part file is never mounted or reused
                }
            }
        }
    }

    private HttpClient client(URI url) {
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NORMAL).proxy(proxies.selector());
        Optional<PasswordAuthentication> credentials = proxies.proxyFor(url).flatMap(proxies::credentials);
        credentials.ifPresent(c -> builder.authenticator(new Authenticator() {
            @Override
            protected PasswordAuthentication getPasswordAuthentication() {
                return getRequestorType() == RequestorType.PROXY ? c : null;
            }
        }));
        return builder.build();
    }

    private static void checkStatus(int status, URI url, HelperPlan helper) {
        if (status == 200) {
            return;
        }
        if (status == 404 || status == 403) {
            // S3 answers 403, not 404, for a missing key in a bucket that cannot be listed.
            throw failure(url, "HTTP " + status + ": there is no such file. Check helper.version = \""
                    + helper.version() + "\" (a release tag of amazon-ecr-credential-helper) and helper.release_url.");
        }
        if (status == 407) {
            throw failure(url, "HTTP 407: the proxy wants credentials. Put them in HTTPS_PROXY "
                    + "(http://user:password@proxy:port); for Basic authentication through a tunnel the JDK also "
                    + "needs -Djdk.http.auth.tunneling.disabledSchemes= in JAVA_TOOL_OPTIONS.");
        }
        throw failure(url, "HTTP " + status + ". Check helper.release_url, or try again later.");
    }

    private long copy(InputStream in, Path file, MessageDigest sha256, long total, StepId step, URI url)
            throws IOException {
        String detail = "downloading " + url.getHost();
        byte[] buffer = new byte[64 << 10];
        long bytes = 0;
        long reported = 0;
        ctx.steps().transfer(step, detail, 0, total);
        try (OutputStream out = Files.newOutputStream(file)) {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                sha256.update(buffer, 0, n);
                out.write(buffer, 0, n);
                bytes += n;
                if (bytes > MAX_BYTES) {
                    throw failure(url, "the file is larger than " + (MAX_BYTES >> 20) + " MB, which the helper "
                            + "never is. Check helper.release_url.");
                }
                if (bytes - reported >= REPORT_EVERY) {
                    reported = bytes;
                    ctx.steps().transfer(step, detail, bytes, total);
                }
            }
        }
        ctx.steps().transfer(step, detail, bytes, total);
        return bytes;
    }

    private String proxyHint() {
        var names = proxies.namesSet();
        return names.isEmpty() ? " (no HTTPS_PROXY is set)" : " and the proxy settings (" + String.join(", ", names)
                + ")";
    }

    private static OperationException failure(URI url, String problem) {
        return new OperationException("download helper", url.toString(), "Cannot download docker-credential-ecr-login "
                + "from " + url + ": " + problem);
    }
}
