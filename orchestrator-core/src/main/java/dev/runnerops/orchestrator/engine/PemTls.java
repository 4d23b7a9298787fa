package dev.runnerops.orchestrator.engine;

import dev.runnerops.orchestrator.errors.ConfigurationException;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/**
 * The TLS context of a verified TCP endpoint, from the PEM files the docker CLI reads: {@code ca.pem} (the CAs
 * the engine's certificate must chain to), {@code cert.pem} and {@code key.pem} (the client certificate).
 * Certificates are read by the JDK; the private key by BouncyCastle's PEM parser, which reads every form the
 * docker CLI accepts (PKCS#8, PKCS#1 "RSA PRIVATE KEY", SEC1 "EC PRIVATE KEY"), then turned into a key by the
 * JDK's own key factories: BouncyCastle is a parser here, never a registered JCE provider.
 * <p>
 * As the docker CLI (docker/cli {@code cli/flags/options.go}, {@code cli/context/tlsdata.go},
 * {@code cli/context/docker/load.go}): with DOCKER_CERT_PATH, ca.pem must exist; a context without ca.pem
 * trusts the system's CAs; the client certificate is optional, but a cert.pem without its key.pem (or the
 * reverse) is an error, and encrypted keys are refused.
 */
final class PemTls {
    private PemTls() {}

    static SSLContext context(EngineEndpoint endpoint) {
        Path ca = endpoint.caFile();
        Path cert = endpoint.certFile();
        Path key = endpoint.keyFile();
        boolean fromContext = !EngineEndpoint.DEFAULT_CONTEXT.equals(endpoint.context());
        if (!Files.exists(ca) && !fromContext) {
            throw missing(endpoint, ca, "the CA certificate the engine's certificate must be signed by");
        }
        if (Files.exists(cert) != Files.exists(key)) {
            Path absent = Files.exists(cert) ? key : cert;
            throw missing(endpoint, absent, Files.exists(cert) ? "the private key of " + cert
                    : "the client certificate of " + key);
        }
        try {
            TrustManager[] trust = Files.exists(ca) ? trustManagers(endpoint, ca) : null;
            KeyManager[] keys = Files.exists(cert) ? keyManagers(endpoint, cert, key) : null;
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys, trust, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new ConfigurationException(endpoint.origin(), endpoint.certPath().orElseThrow().toString(),
                    "Cannot set up TLS for the Docker engine at " + endpoint.describe() + " with the files in "
                            + endpoint.certPath().orElseThrow() + ": " + e.getMessage() + ".");
        }
    }

    private static ConfigurationException missing(EngineEndpoint endpoint, Path file, String what) {
        return new ConfigurationException(endpoint.origin(), file.toString(), "The Docker engine at "
                + endpoint.describe() + " (from " + endpoint.origin() + ") is reached with TLS, but " + file
                + " (" + what + ") does not exist. Put ca.pem, cert.pem and key.pem in " + endpoint.certPath()
                .orElseThrow() + fix(endpoint) + ".");
    }

    static String fix(EngineEndpoint endpoint) {
        return EngineEndpoint.DEFAULT_CONTEXT.equals(endpoint.context())
                ? ", or point DOCKER_CERT_PATH at the folder that holds them"
                : ", or recreate the context with `docker context create " + endpoint.context()
                        + " --docker host=" + endpoint.host() + ",ca=ca.pem,cert=cert.pem,key=key.pem`";
    }

    private static TrustManager[] trustManagers(EngineEndpoint endpoint, Path ca) throws GeneralSecurityException {
        List<Certificate> cas = certificates(endpoint, ca);
        KeyStore store = KeyStore.getInstance("PKCS12");
        try {
            store.load(null, null);
        } catch (IOException e) {
            throw new GeneralSecurityException(e);
        }
        for (int i = 0; i < cas.size(); i++) {
            store.setCertificateEntry("ca-" + i, cas.get(i));
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(store);
        return factory.getTrustManagers();
    }

    private static KeyManager[] keyManagers(EngineEndpoint endpoint, Path cert, Path key)
            throws GeneralSecurityException {
        List<Certificate> chain = certificates(endpoint, cert);
        PrivateKey privateKey = privateKey(endpoint, key);
        KeyStore store = KeyStore.getInstance("PKCS12");
        char[] password = "in-memory".toCharArray(); // the store never leaves memory
        try {
            store.load(null, null);
        } catch (IOException e) {
            throw new GeneralSecurityException(e);
        }
        store.setKeyEntry("client", privateKey, password, chain.toArray(new Certificate[0]));
        KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        factory.init(store, password);
        return factory.getKeyManagers();
    }

    private static List<Certificate> certificates(EngineEndpoint endpoint, Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            List<Certificate> certificates = new ArrayList<>(CertificateFactory.getInstance("X.509")
                    .generateCertificates(in));
            if (certificates.isEmpty()) {
                throw new IOException("no certificate in it");
            }
            return certificates;
        } catch (IOException | GeneralSecurityException e) {
            throw unreadable(endpoint, file, "PEM certificates", e);
        }
    }

    private static PrivateKey privateKey(EngineEndpoint endpoint, Path file) {
        try (Reader reader = Files.newBufferedReader(file); PEMParser parser = new PEMParser(reader)) {
            for (Object o = parser.readObject(); o != null; o = parser.readObject()) {
                if (o instanceof PEMEncryptedKeyPair || o instanceof PKCS8EncryptedPrivateKeyInfo) {
                    throw new ConfigurationException(endpoint.origin(), file.toString(), file + " holds an "
                            + "encrypted private key; the docker CLI refuses those too. Decrypt it (`openssl pkey -in "
                            + file + " -out key.pem`).");
                }
                PrivateKeyInfo info = o instanceof PEMKeyPair pair ? pair.getPrivateKeyInfo()
                        : o instanceof PrivateKeyInfo i ? i : null;
                if (info != null) {
                    return new JcaPEMKeyConverter().getPrivateKey(info);
                }
            }
            throw new IOException("no private key in it");
        } catch (IOException e) {
            throw unreadable(endpoint, file, "a PEM private key", e);
        }
    }

    private static ConfigurationException unreadable(EngineEndpoint endpoint, Path file, String what, Exception e) {
        return new ConfigurationException(endpoint.origin(), file.toString(), "Cannot read " + file + " (" + what
                + ") for the Docker engine at " + endpoint.describe() + ": " + EngineErrors.describe(e) + ".");
    }
}
