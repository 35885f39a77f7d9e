package org.bulkresend.graph;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * A TLS context that trusts the certificate authorities Java trusts and, beside them, those of a
 * PEM file ({@code --graph-ca-file}): a proxy that inspects TLS on the way to Microsoft, or a
 * private endpoint, signs with a CA of the organization's own.
 */
public final class ExtraTrust {

    private ExtraTrust() {
    }

    /**
     * A context trusting Java's authorities and every certificate in {@code pemFile}.
     * @throws IllegalArgumentException naming the file and what is wrong with it
     */
    public static SSLContext withAuthoritiesOf(Path pemFile) {
        List<X509Certificate> extra = read(pemFile);
        try {
            KeyStore anchors = KeyStore.getInstance(KeyStore.getDefaultType());
            anchors.load(null, null);
            int n = 0;
            for (X509Certificate authority : javasOwn()) {
                anchors.setCertificateEntry("java-" + n++, authority);
            }
            for (X509Certificate authority : extra) {
                anchors.setCertificateEntry("extra-" + n++, authority);
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(anchors);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        }
        catch (GeneralSecurityException | IOException ex) {
            throw new IllegalStateException("Java cannot make a TLS context: " + ex.getMessage(), ex);
        }
    }

    private static List<X509Certificate> read(Path pemFile) {
        if (Files.isDirectory(pemFile)) {
            throw new IllegalArgumentException("the CA file " + pemFile + " cannot be read: it is a folder, not a PEM file");
        }
        Collection<? extends Certificate> certificates;
        try (InputStream in = Files.newInputStream(pemFile)) {
            certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
        }
        catch (NoSuchFileException ex) {
            throw new IllegalArgumentException("the CA file " + pemFile + " cannot be read: it does not exist");
        }
        catch (AccessDeniedException ex) {
            throw new IllegalArgumentException("the CA file " + pemFile + " cannot be read: permission denied");
        }
        catch (IOException ex) {
            throw new IllegalArgumentException("the CA file " + pemFile + " cannot be read: " + ex.getMessage());
        }
        catch (GeneralSecurityException ex) {
            throw new IllegalArgumentException("the CA file " + pemFile + " holds something other than PEM "
                    + "certificates ('-----BEGIN CERTIFICATE-----' blocks): " + ex.getMessage());
        }
        List<X509Certificate> read = new ArrayList<>();
        certificates.forEach((certificate) -> read.add((X509Certificate) certificate));
        if (read.isEmpty()) {
            throw new IllegalArgumentException("the CA file " + pemFile + " holds no certificate; it must hold the "
                    + "authority's certificate as a '-----BEGIN CERTIFICATE-----' block");
        }
        return read;
    }

    private static List<X509Certificate> javasOwn() throws GeneralSecurityException {
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init((KeyStore) null);
        List<X509Certificate> authorities = new ArrayList<>();
        for (TrustManager manager : factory.getTrustManagers()) {
            if (manager instanceof X509TrustManager x509) {
                authorities.addAll(List.of(x509.getAcceptedIssuers()));
            }
        }
        return authorities;
    }
}
