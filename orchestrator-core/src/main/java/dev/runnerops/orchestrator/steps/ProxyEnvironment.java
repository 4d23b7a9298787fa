package dev.runnerops.orchestrator.steps;

import dev.runnerops.orchestrator.errors.ConfigurationException;
import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.PasswordAuthentication;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * HTTPS_PROXY, HTTP_PROXY and NO_PROXY, which the JDK does not read by itself, as a {@link ProxySelector} for
 * java.net.http. Read the way Go programs (Docker, the helper itself) read them, golang.org/x/net/http/httpproxy:
 * the upper-case name first, then the lower-case one; a proxy without a scheme is http://; NO_PROXY is a
 * comma-separated list of host names (matching the name and its subdomains; a leading "." or "*." matches
 * subdomains only), IP addresses, CIDR blocks, each optionally with ":port", or "*" for every host; localhost
 * and loopback addresses never go through a proxy. Only http:// proxies are supported (the JDK's client speaks
 * plain HTTP to a proxy, and CONNECT through it for https).
 */
final class ProxyEnvironment {
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private final Map<String, String> env;

    ProxyEnvironment(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    /** The proxy for this URL, or empty for a direct connection. */
    Optional<URI> proxyFor(URI target) {
        String scheme = target.getScheme().toLowerCase(Locale.ROOT);
        String name = scheme.equals("https") ? "HTTPS_PROXY" : "HTTP_PROXY";
        String value = variable(name);
        if (value.isEmpty() || bypass(target)) {
            return Optional.empty();
        }
        return Optional.of(parse(name, value));
    }

    /** User and password written in the proxy's URL ({@code http://user:password@proxy:3128}). */
    Optional<PasswordAuthentication> credentials(URI proxy) {
        String info = proxy.getRawUserInfo();
        if (info == null || info.isEmpty()) {
            return Optional.empty();
        }
        int colon = info.indexOf(':');
        String user = decode(colon < 0 ? info : info.substring(0, colon));
        String password = colon < 0 ? "" : decode(info.substring(colon + 1));
        return Optional.of(new PasswordAuthentication(user, password.toCharArray()));
    }

    ProxySelector selector() {
        return new ProxySelector() {
            @Override
            public List<Proxy> select(URI uri) {
                return proxyFor(uri).map(p -> List.of(new Proxy(Proxy.Type.HTTP,
                        InetSocketAddress.createUnresolved(p.getHost(), port(p))))).orElse(List.of(Proxy.NO_PROXY));
            }

            @Override
            public void connectFailed(URI uri, SocketAddress sa, IOException ioe) {
                // the download reports the failure
            }
        };
    }

    private String variable(String upper) {
        String v = env.getOrDefault(upper, "");
        if (v.isBlank()) {
            v = env.getOrDefault(upper.toLowerCase(Locale.ROOT), "");
        }
        return v.trim();
    }

    private static URI parse(String name, String value) {
        String withScheme = value.contains("://") ? value : "http://" + value;
        try {
            URI uri = new URI(withScheme);
            if (!"http".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
                throw new ConfigurationException(name, "", name + " (or its lower-case twin) is set to a proxy "
                        + "that is not an http:// URL with a host (scheme " + uri.getScheme() + "). The helper download "
                        + "supports http:// proxies only: set it like http://proxy.example.com:3128, or list the "
                        + "release host in NO_PROXY.");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new ConfigurationException(name, "", name + " (or its lower-case twin) is not a URL: "
                    + e.getReason() + ". Set it like http://proxy.example.com:3128.");
        }
    }

    private static int port(URI proxy) {
        return proxy.getPort() > 0 ? proxy.getPort() : 80;
    }

    private boolean bypass(URI target) {
        String host = stripBrackets(target.getHost().toLowerCase(Locale.ROOT));
        if (host.equals("localhost") || isLoopback(host)) {
            return true;
        }
        int port = target.getPort() > 0 ? target.getPort() : target.getScheme().equalsIgnoreCase("https") ? 443 : 80;
        for (String raw : variable("NO_PROXY").split(",")) {
            String entry = raw.trim().toLowerCase(Locale.ROOT);
            if (entry.isEmpty()) {
                continue;
            }
            if (entry.equals("*")) {
                return true;
            }
            if (entry.contains("/")) {
                if (inCidr(host, entry)) {
                    return true;
                }
                continue;
            }
            String entryHost = entry;
            int entryPort = -1;
            int colon = entry.lastIndexOf(':');
            boolean bracketed = entry.startsWith("[");
            if (colon > 0 && (bracketed ? entry.indexOf(']') < colon : entry.indexOf(':') == colon)) {
                entryHost = entry.substring(0, colon);
                entryPort = Integer.parseInt(entry.substring(colon + 1));
            }
            entryHost = stripBrackets(entryHost);
            if (entryPort >= 0 && entryPort != port) {
                continue;
            }
            if (isIp(entryHost) || isIp(host)) {
                if (isIp(entryHost) && isIp(host) && sameAddress(entryHost, host)) {
                    return true;
                }
                continue;
            }
            if (entryHost.startsWith("*.")) {
                entryHost = entryHost.substring(1);
            }
            if (entryHost.startsWith(".") ? host.endsWith(entryHost)
                    : host.equals(entryHost) || host.endsWith("." + entryHost)) {
                return true;
            }
        }
        return false;
    }

    private static String stripBrackets(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    private static boolean isIp(String host) {
        return IPV4.matcher(host).matches() || host.contains(":");
    }

    private static boolean isLoopback(String host) {
        return isIp(host) && address(host).map(InetAddress::isLoopbackAddress).orElse(false);
    }

    private static boolean sameAddress(String a, String b) {
        return address(a).equals(address(b)) && address(a).isPresent();
    }

    private static boolean inCidr(String host, String cidr) {
        String[] parts = cidr.split("/", 2);
        Optional<InetAddress> net = address(parts[0]);
        Optional<InetAddress> ip = isIp(host) ? address(host) : Optional.empty();
        if (net.isEmpty() || ip.isEmpty() || net.get().getAddress().length != ip.get().getAddress().length) {
            return false;
        }
        int bits = net.get().getAddress().length * 8;
        int prefix;
        try {
            prefix = Integer.parseInt(parts[1]);
        } catch (NumberFormatException e) {
            return false;
        }
        if (prefix < 0 || prefix > bits) {
            return false;
        }
        BigInteger mask = prefix == 0 ? BigInteger.ZERO
                : BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE).shiftRight(bits - prefix).shiftLeft(bits - prefix);
        return new BigInteger(1, net.get().getAddress()).and(mask).equals(new BigInteger(1, ip.get().getAddress()).and(mask));
    }

    /** Parses an IP literal only; never looks a name up. */
    private static Optional<InetAddress> address(String literal) {
        if (!isIp(literal)) {
            return Optional.empty();
        }
        if (!literal.contains(":")) {
            for (String octet : literal.split("\\.")) {
                if (Integer.parseInt(octet) > 255) {
                    return Optional.empty(); // getByName would look such a "name" up
                }
            }
        }
        try {
            return Optional.of(InetAddress.getByName(literal));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    private static String decode(String s) {
        return java.net.URLDecoder.decode(s.replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Every proxy variable that is set, for messages (values left out: they may hold a password). */
    List<String> namesSet() {
        List<String> names = new ArrayList<>();
        for (String n : List.of("HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy", "NO_PROXY", "no_proxy")) {
            if (!env.getOrDefault(n, "").isBlank()) {
                names.add(n);
            }
        }
        return names;
    }
}
