package org.bulkresend.graph;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Collections;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.microsoft.aad.msal4j.ClientCredentialFactory;
import com.microsoft.aad.msal4j.IClientCredential;
import org.bulkresend.password.Secret;

/**
 * An app's certificate credential: its private key and certificate, which Microsoft's sign-in
 * library uses to sign a short-lived client assertion for each token request. The key is read
 * from a PEM file holding an unencrypted PKCS#8 private key and the certificate, or from a
 * PKCS#12 (.pfx/.p12) file.
 */
public final class ClientCertificate implements GraphCredential {

    private static final Pattern PEM = Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----([^-]+)-----END \\1-----");

    private final PrivateKey key;

    private final X509Certificate certificate;

    public ClientCertificate(PrivateKey key, X509Certificate certificate) {
        this.key = key;
        this.certificate = certificate;
    }

    /**
     * Reads the key and certificate from a PEM file, or from a PKCS#12 file (by its .pfx or .p12
     * name) opened with {@code password}.
     * @throws IllegalArgumentException naming the file and what is wrong with it
     */
    public static ClientCertificate read(Path file, Secret password) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        try {
            if (name.endsWith(".pfx") || name.endsWith(".p12")) {
                return pkcs12(file, password);
            }
            return pem(Files.readString(file, StandardCharsets.US_ASCII), file);
        }
        catch (IOException ex) {
            throw new IllegalArgumentException("the certificate file " + file + " cannot be read: " + ex.getMessage());
        }
        catch (GeneralSecurityException ex) {
            throw new IllegalArgumentException("the certificate file " + file + " holds no usable RSA key and "
                    + "certificate: " + ex.getMessage());
        }
    }

    private static ClientCertificate pem(String text, Path file)
            throws GeneralSecurityException {
        PrivateKey key = null;
        X509Certificate certificate = null;
        Matcher matcher = PEM.matcher(text);
        while (matcher.find()) {
            byte[] der = Base64.getMimeDecoder().decode(matcher.group(2));
            switch (matcher.group(1)) {
                case "PRIVATE KEY" -> key = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
                case "CERTIFICATE" -> {
                    if (certificate == null) {
                        certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
                            .generateCertificate(new java.io.ByteArrayInputStream(der));
                    }
                }
                case "RSA PRIVATE KEY", "ENCRYPTED PRIVATE KEY" -> throw new IllegalArgumentException("the certificate "
                        + "file " + file + " holds a '" + matcher.group(1) + "'; convert it to an unencrypted PKCS#8 "
                        + "key with: openssl pkcs8 -topk8 -nocrypt -in key.pem -out key-pkcs8.pem, or use a .pfx file");
                default -> {
                }
            }
        }
        if (key == null || certificate == null) {
            throw new IllegalArgumentException("the certificate file " + file + " must hold both a '-----BEGIN "
                    + "PRIVATE KEY-----' block and a '-----BEGIN CERTIFICATE-----' block");
        }
        return new ClientCertificate(key, certificate);
    }

    private static ClientCertificate pkcs12(Path file, Secret password)
            throws IOException, GeneralSecurityException {
        char[] chars = new char[(password != null) ? password.length() : 0];
        for (int i = 0; i < chars.length; i++) {
            chars[i] = password.charAt(i);
        }
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, chars);
            for (String alias : Collections.list(store.aliases())) {
                if (store.isKeyEntry(alias) && store.getCertificate(alias) instanceof X509Certificate certificate) {
                    return new ClientCertificate((PrivateKey) store.getKey(alias, chars), certificate);
                }
            }
        }
        finally {
            java.util.Arrays.fill(chars, '\0');
        }
        throw new IllegalArgumentException("the certificate file " + file + " holds no private key with a certificate");
    }

    @Override
    public IClientCredential clientCredential() {
        return ClientCredentialFactory.createFromCertificate(this.key, this.certificate);
    }

    @Override
    public String describe() {
        return "the certificate " + this.certificate.getSubjectX500Principal().getName() + " (thumbprint "
                + hexThumbprint() + ")";
    }

    /** The certificate's SHA-1 thumbprint in hex, as the app registration's page shows it. */
    private String hexThumbprint() {
        try {
            return HexFormat.of().withUpperCase()
                .formatHex(MessageDigest.getInstance("SHA-1").digest(this.certificate.getEncoded()));
        }
        catch (GeneralSecurityException ex) {
            throw new IllegalStateException(ex);
        }
    }

    @Override
    public String toString() {
        return "ClientCertificate[" + hexThumbprint() + "]";
    }
}
