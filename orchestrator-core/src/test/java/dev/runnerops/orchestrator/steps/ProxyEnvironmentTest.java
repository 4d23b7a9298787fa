package dev.runnerops.orchestrator.steps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.Proxy;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** HTTPS_PROXY / HTTP_PROXY / NO_PROXY read as Go's httpproxy reads them. */
class ProxyEnvironmentTest {
    private static final URI RELEASE = URI.create("https://amazon-ecr-credential-helper-releases.s3.us-east-2"
            + ".amazonaws.com/0.11.0/linux-amd64/docker-credential-ecr-login");

    private static Optional<URI> proxy(Map<String, String> env, URI target) {
        return new ProxyEnvironment(env).proxyFor(target);
    }

    @Test
    void httpsUsesHttpsProxyUpperCaseFirstAndHttpUsesHttpProxy() {
        assertThat(proxy(Map.of("HTTPS_PROXY", "http://proxy:3128", "https_proxy", "http://other:1"), RELEASE))
                .hasValue(URI.create("http://proxy:3128"));
        assertThat(proxy(Map.of("https_proxy", "proxy.corp:8080"), RELEASE)).hasValue(URI.create("http://proxy.corp:8080"));
        assertThat(proxy(Map.of("HTTP_PROXY", "http://proxy:3128"), RELEASE)).isEmpty();
        assertThat(proxy(Map.of("HTTP_PROXY", "http://proxy:3128"), URI.create("http://mirror.example.com/x")))
                .hasValue(URI.create("http://proxy:3128"));
        assertThat(proxy(Map.of(), RELEASE)).isEmpty();
    }

    @Test
    void noProxyMatchesNamesSubdomainsAddressesBlocksAndPorts() {
        Map<String, String> base = Map.of("HTTPS_PROXY", "http://proxy:3128");
        assertThat(proxy(with(base, "amazonaws.com"), RELEASE)).isEmpty();
        assertThat(proxy(with(base, ".amazonaws.com"), RELEASE)).isEmpty();
        assertThat(proxy(with(base, "*.amazonaws.com"), RELEASE)).isEmpty();
        assertThat(proxy(with(base, "*"), RELEASE)).isEmpty();
        assertThat(proxy(with(base, "example.com, s3.us-east-2.amazonaws.com:443"), RELEASE)).isEmpty();
        assertThat(proxy(with(base, "s3.us-east-2.amazonaws.com:8443"), RELEASE)).isPresent();
        assertThat(proxy(with(base, "zonaws.com"), RELEASE)).isPresent();
        assertThat(proxy(with(base, ".mirror.example.com"), URI.create("https://mirror.example.com/x"))).isPresent();
        assertThat(proxy(with(base, "mirror.example.com"), URI.create("https://mirror.example.com/x"))).isEmpty();
        assertThat(proxy(with(base, "10.0.0.0/8"), URI.create("https://10.1.2.3/x"))).isEmpty();
        assertThat(proxy(with(base, "10.0.0.0/8"), URI.create("https://11.1.2.3/x"))).isPresent();
        assertThat(proxy(with(base, "192.168.1.5"), URI.create("https://192.168.1.5:8443/x"))).isEmpty();
        assertThat(proxy(with(base, "fd00::/8"), URI.create("https://[fd12::1]/x"))).isEmpty();
        assertThat(proxy(Map.of("HTTPS_PROXY", "http://proxy:3128", "no_proxy", "amazonaws.com"), RELEASE)).isEmpty();
    }

    @Test
    void loopbackNeverGoesThroughAProxy() {
        Map<String, String> env = Map.of("HTTPS_PROXY", "http://proxy:3128", "HTTP_PROXY", "http://proxy:3128");
        assertThat(proxy(env, URI.create("http://127.0.0.1:8080/x"))).isEmpty();
        assertThat(proxy(env, URI.create("http://localhost:8080/x"))).isEmpty();
        assertThat(proxy(env, URI.create("http://[::1]:8080/x"))).isEmpty();
    }

    @Test
    void theSelectorAndTheCredentials() {
        ProxyEnvironment env = new ProxyEnvironment(Map.of("HTTPS_PROXY", "http://me:s%3Acret@proxy:3128"));
        assertThat(env.selector().select(RELEASE)).singleElement().satisfies(p -> {
            assertThat(p.type()).isEqualTo(Proxy.Type.HTTP);
            assertThat(p.address().toString()).contains("proxy").contains("3128");
        });
        assertThat(env.selector().select(URI.create("http://127.0.0.1/x"))).containsExactly(Proxy.NO_PROXY);
        var credentials = env.credentials(env.proxyFor(RELEASE).orElseThrow()).orElseThrow();
        assertThat(credentials.getUserName()).isEqualTo("me");
        assertThat(new String(credentials.getPassword())).isEqualTo("s:cret");
        assertThat(env.namesSet()).containsExactly("HTTPS_PROXY");
    }

    @Test
    void onlyHttpProxiesAndNoPasswordInTheMessage() {
        assertThatThrownBy(() -> proxy(Map.of("HTTPS_PROXY", "socks5://u:secret@proxy:1080"), RELEASE))
                .hasMessageContaining("http:// proxies only").hasMessageNotContaining("secret");
    }

    private static Map<String, String> with(Map<String, String> base, String noProxy) {
        var m = new java.util.HashMap<>(base);
        m.put("NO_PROXY", noProxy);
        return m;
    }
}
