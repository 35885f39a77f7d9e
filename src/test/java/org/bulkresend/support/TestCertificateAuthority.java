package org.bulkresend.support;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Date;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bulkresend.graph.ExtraTrust;

/**
 * The tests' own certificate authority, made once per test JVM: it signs the local Graph's
 * {@code https} certificate (for {@code 127.0.0.1} and {@code localhost}), as a proxy's or a
 * private endpoint's CA would, and makes the self-signed certificates app registrations sign in
 * with, and the Samba domain controller's certificate ({@link #writeServerPem}). The product is told to
 * trust it with {@code --graph-ca-file} or {@code --ldap-ca} {@link #caFile()}; nothing trusts it by default.
 */
public final class TestCertificateAuthority {

    private static final SecureRandom RANDOM = new SecureRandom();

    private static final TestCertificateAuthority INSTANCE = new TestCertificateAuthority();

    private final KeyPair caKeys;

    private final X509Certificate ca;

    private final KeyPair serverKeys;

    private final X509Certificate server;

    private final Path caFile;

    private TestCertificateAuthority() {
        try {
            this.caKeys = ecKeys();
            X500Name caName = new X500Name("CN=bulk-resend test CA");
            this.ca = sign(caName, this.caKeys, caName, this.caKeys, 3650, true, null);
            this.serverKeys = ecKeys();
            GeneralNames names = new GeneralNames(new GeneralName[] {
                new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
                new GeneralName(GeneralName.dNSName, "localhost") });
            this.server = sign(new X500Name("CN=localhost"), this.serverKeys, caName, this.caKeys, 30, false, names);
            this.caFile = Files.createTempFile("bulk-resend-test-ca", ".pem");
            this.caFile.toFile().deleteOnExit();
            Files.writeString(this.caFile, "# bulk-resend's test certificate authority\n" + pem("CERTIFICATE",
                    this.ca.getEncoded()), StandardCharsets.US_ASCII);
        }
        catch (GeneralSecurityException ex) {
            throw new IllegalStateException(ex);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** The authority's certificate in a PEM file, for {@code --graph-ca-file}. */
    public static Path caFile() {
        return INSTANCE.caFile;
    }

    /** The authority's certificate. */
    public static X509Certificate certificate() {
        return INSTANCE.ca;
    }

    /** What the local Graph serves {@code https} with: its certificate, issued by this authority, and key. */
    public static SSLContext serverContext() {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            char[] password = "server".toCharArray();
            store.setKeyEntry("server", INSTANCE.serverKeys.getPrivate(), password,
                    new Certificate[] { INSTANCE.server, INSTANCE.ca });
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, password);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), null, RANDOM);
            return context;
        }
        catch (GeneralSecurityException | IOException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /**
     * Writes a server certificate for {@code address} (and {@code localhost}), issued by this
     * authority, and its private key as PEM files, for a server that reads its TLS set-up from files
     * (Samba's {@code tls certfile} and {@code tls keyfile}). The key file is readable by its owner only,
     * as Samba requires.
     */
    public static void writeServerPem(String address, Path certificateFile, Path keyFile) throws IOException {
        try {
            // RSA: Samba's TLS library (GnuTLS) does not read an elliptic-curve key in Java's PKCS#8 form.
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048, RANDOM);
            KeyPair keys = generator.generateKeyPair();
            GeneralNames names = new GeneralNames(new GeneralName[] { new GeneralName(GeneralName.iPAddress, address),
                new GeneralName(GeneralName.dNSName, "localhost") });
            X509Certificate certificate = sign(new X500Name("CN=" + address), keys, new X500Name("CN=bulk-resend test CA"),
                    INSTANCE.caKeys, 30, false, names);
            Files.writeString(certificateFile, pem("CERTIFICATE", certificate.getEncoded()), StandardCharsets.US_ASCII);
            Files.writeString(keyFile, "", StandardCharsets.US_ASCII);
            Files.setPosixFilePermissions(keyFile, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
            Files.writeString(keyFile, pem("PRIVATE KEY", keys.getPrivate().getEncoded()), StandardCharsets.US_ASCII);
        }
        catch (GeneralSecurityException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /**
     * A client context for a test's own requests to the local Graph: the product's own trust in
     * Java's authorities and this one, as {@code --graph-ca-file} {@link #caFile()} gives it.
     */
    public static SSLContext clientContext() {
        return ExtraTrust.withAuthoritiesOf(INSTANCE.caFile);
    }

    /** A self-signed RSA 2048 certificate ({@code CN=bulk-resend test}), as an app registration uses. */
    public static FakeGraph.Credentials appCertificate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048, RANDOM);
            KeyPair keys = generator.generateKeyPair();
            X500Name name = new X500Name("CN=bulk-resend test");
            return new FakeGraph.Credentials(sign(name, keys, name, keys, 730, false, null), keys.getPrivate());
        }
        catch (GeneralSecurityException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /** Writes the key and certificate as a PKCS#12 (.pfx) file opened with {@code password}. */
    public static Path writePkcs12(FakeGraph.Credentials credentials, Path file, String password) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            PrivateKey key = credentials.privateKey();
            store.setKeyEntry("app", key, password.toCharArray(), new Certificate[] { credentials.certificate() });
            store.store(out, password.toCharArray());
            return file;
        }
        catch (GeneralSecurityException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /** PEM text of one DER block. */
    static String pem(String type, byte[] der) {
        Base64.Encoder encoder = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII));
        return "-----BEGIN " + type + "-----\n" + encoder.encodeToString(der) + "\n-----END " + type + "-----\n";
    }

    private static KeyPair ecKeys() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
        return generator.generateKeyPair();
    }

    private static X509Certificate sign(X500Name subject, KeyPair subjectKeys, X500Name issuer, KeyPair issuerKeys,
            int days, boolean authority, GeneralNames names) throws GeneralSecurityException {
        Instant now = Instant.now();
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer,
                new BigInteger(63, RANDOM).add(BigInteger.ONE), Date.from(now.minus(1, ChronoUnit.DAYS)),
                Date.from(now.plus(days, ChronoUnit.DAYS)), subject, subjectKeys.getPublic());
        try {
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(authority));
            if (authority) {
                builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            }
            if (names != null) {
                builder.addExtension(Extension.subjectAlternativeName, false, names);
            }
            String algorithm = "EC".equals(issuerKeys.getPrivate().getAlgorithm()) ? "SHA256withECDSA"
                    : "SHA256withRSA";
            return new JcaX509CertificateConverter()
                .getCertificate(builder.build(new JcaContentSignerBuilder(algorithm).build(issuerKeys.getPrivate())));
        }
        catch (OperatorCreationException | IOException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
