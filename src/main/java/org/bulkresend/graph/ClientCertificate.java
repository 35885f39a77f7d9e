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
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Clock;
import java.util.Base64;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.bulkresend.password.Secret;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * An app's certificate credential: the private key signs a short-lived client assertion (a JWT,
 * RS256, with the certificate's SHA-1 thumbprint as {@code x5t}) for each token request, as the
 * Microsoft identity platform documents. The key is read from a PEM file holding an unencrypted
 * PKCS#8 private key and the certificate, or from a PKCS#12 (.pfx/.p12) file.
 */
public final class ClientCertificate implements GraphCredential {

    static final String ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

    private static final Pattern PEM = Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----([^-]+)-----END \\1-----");

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final String clientId;

    private final PrivateKey key;

    private final X509Certificate certificate;

    private final Clock clock;

    public ClientCertificate(String clientId, PrivateKey key, X509Certificate certificate, Clock clock) {
        this.clientId = clientId;
        this.key = key;
        this.certificate = certificate;
        this.clock = clock;
    }

    /**
     * Reads the key and certificate from a PEM file, or from a PKCS#12 file (by its .pfx or .p12
     * name) opened with {@code password}.
     * @throws IllegalArgumentException naming the file and what is wrong with it
     */
    public static ClientCertificate read(String clientId, Path file, Secret password, Clock clock) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        try {
            if (name.endsWith(".pfx") || name.endsWith(".p12")) {
                return pkcs12(clientId, file, password, clock);
            }
            return pem(clientId, Files.readString(file, StandardCharsets.US_ASCII), file, clock);
        }
        catch (IOException ex) {
            throw new IllegalArgumentException("the certificate file " + file + " cannot be read: " + ex.getMessage());
        }
        catch (GeneralSecurityException ex) {
            throw new IllegalArgumentException("the certificate file " + file + " holds no usable RSA key and "
                    + "certificate: " + ex.getMessage());
        }
    }

    private static ClientCertificate pem(String clientId, String text, Path file, Clock clock)
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
        return new ClientCertificate(clientId, key, certificate, clock);
    }

    private static ClientCertificate pkcs12(String clientId, Path file, Secret password, Clock clock)
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
                    return new ClientCertificate(clientId, (PrivateKey) store.getKey(alias, chars), certificate,
                            clock);
                }
            }
        }
        finally {
            java.util.Arrays.fill(chars, '\0');
        }
        throw new IllegalArgumentException("the certificate file " + file + " holds no private key with a certificate");
    }

    @Override
    public Map<String, String> tokenFields(String tokenUrl) {
        return Map.of("client_assertion_type", ASSERTION_TYPE, "client_assertion", assertion(tokenUrl));
    }

    /** A client assertion for one token request: valid for ten minutes, never reused. */
    String assertion(String tokenUrl) {
        long now = this.clock.instant().getEpochSecond();
        ObjectNode header = JSON.createObjectNode().put("alg", "RS256").put("typ", "JWT").put("x5t", thumbprint());
        ObjectNode claims = JSON.createObjectNode()
            .put("aud", tokenUrl)
            .put("iss", this.clientId)
            .put("sub", this.clientId)
            .put("jti", UUID.randomUUID().toString())
            .put("nbf", now)
            .put("iat", now)
            .put("exp", now + 600);
        String signed = base64Url(JSON.writeValueAsBytes(header)) + "." + base64Url(JSON.writeValueAsBytes(claims));
        try {
            Signature signature = Signature.getInstance("SHA256withRSA");
            signature.initSign(this.key);
            signature.update(signed.getBytes(StandardCharsets.US_ASCII));
            return signed + "." + base64Url(signature.sign());
        }
        catch (GeneralSecurityException ex) {
            throw new IllegalStateException("the certificate's key cannot sign: " + ex.getMessage(), ex);
        }
    }

    /** The certificate's SHA-1 thumbprint, base64url, as Microsoft Entra ID matches it. */
    String thumbprint() {
        try {
            return base64Url(MessageDigest.getInstance("SHA-1").digest(this.certificate.getEncoded()));
        }
        catch (GeneralSecurityException ex) {
            throw new IllegalStateException(ex);
        }
    }

    @Override
    public String describe() {
        return "the certificate " + this.certificate.getSubjectX500Principal().getName() + " (thumbprint "
                + hexThumbprint() + ")";
    }

    private String hexThumbprint() {
        StringBuilder hex = new StringBuilder();
        for (byte b : Base64.getUrlDecoder().decode(thumbprint())) {
            hex.append(String.format("%02X", b));
        }
        return hex.toString();
    }

    private static String base64Url(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    @Override
    public String toString() {
        return "ClientCertificate[" + hexThumbprint() + "]";
    }
}
