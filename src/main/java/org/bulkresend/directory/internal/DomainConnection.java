package org.bulkresend.directory.internal;

import java.io.EOFException;
import java.net.SocketException;
import java.net.URI;
import java.nio.file.Path;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSocket;

import com.unboundid.ldap.sdk.BindResult;
import com.unboundid.ldap.sdk.ExtendedResult;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPConnectionOptions;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SimpleBindRequest;
import com.unboundid.ldap.sdk.extensions.StartTLSExtendedRequest;
import com.unboundid.util.ssl.HostNameSSLSocketVerifier;
import com.unboundid.util.ssl.SSLSocketVerifier;
import org.bulkresend.directory.DirectoryRefusedException;
import org.bulkresend.directory.DirectoryUnavailableException;
import org.bulkresend.password.Secret;

/**
 * The one connection to the domain controller, always encrypted: LDAPS, or LDAP made TLS by
 * StartTLS before anything else is sent; the server's certificate is checked against the trusted
 * authorities and its name. It binds as the operator or the service account, and connects and binds
 * again after the server closed it. A connection that fails because of TLS is the set-up's fault
 * (refused, naming what to change: a certificate no trusted authority issued, one that does not name
 * the host of {@code --ldap-url}, a server that refuses StartTLS); one that cannot be made at all, or
 * that the server drops before TLS is up, is the server's (unavailable: the same command continues).
 */
public final class DomainConnection implements AutoCloseable {

    private final URI url;

    private final boolean startTls;

    private final SSLContext tls;

    private final Path caFile;

    private final Duration timeout;

    private LDAPConnection connection;

    private String bindName;

    private byte[] bindPassword;

    /**
     * @param url {@code ldaps://host[:port]}, or {@code ldap://host[:port]} with {@code startTls}
     * @param tls the authorities to trust and how, for LDAPS and StartTLS alike
     * @param caFile the file of {@code --ldap-ca} whose authorities {@code tls} trusts beside Java's, or null
     */
    public DomainConnection(URI url, boolean startTls, SSLContext tls, Path caFile, Duration timeout) {
        this.url = url;
        this.startTls = startTls;
        this.tls = tls;
        this.caFile = caFile;
        this.timeout = timeout;
    }

    /**
     * Binds as this account; later connections bind as it too.
     *
     * @return empty if the server accepted the password, else its answer
     */
    synchronized Optional<String> bind(String name, Secret password) {
        byte[] bytes = password.reveal().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        try {
            bind(connected(), name, bytes);
            forgetBind();
            this.bindName = name;
            this.bindPassword = bytes;
            return Optional.empty();
        }
        catch (LDAPException ex) {
            java.util.Arrays.fill(bytes, (byte) 0);
            if (ex.getResultCode() == ResultCode.INVALID_CREDENTIALS) {
                return Optional.of("the domain controller refused the bind: " + ex.getDiagnosticMessage());
            }
            throw failure("bind as " + name, ex);
        }
    }

    /** True if an account has bound. */
    synchronized boolean isBound() {
        return this.bindName != null;
    }

    /** The bound connection, connected and bound again if the server closed it. */
    synchronized LDAPConnection bound() {
        if (this.bindName == null) {
            throw new DirectoryRefusedException("Active Directory is read and changed as the signed-in operator, and "
                    + "nobody has signed in: give --operator, or a service account with --bind-as.");
        }
        if (this.connection == null || !this.connection.isConnected()) {
            LDAPConnection fresh = connected();
            try {
                bind(fresh, this.bindName, this.bindPassword);
            }
            catch (LDAPException ex) {
                throw failure("bind again as " + this.bindName, ex);
            }
        }
        return this.connection;
    }

    /** The connection as it is, unbound or bound, for reading the server's root entry. */
    synchronized LDAPConnection connected() {
        if (this.connection != null && this.connection.isConnected()) {
            return this.connection;
        }
        LDAPConnectionOptions options = new LDAPConnectionOptions();
        options.setConnectTimeoutMillis((int) this.timeout.toMillis());
        options.setResponseTimeoutMillis(this.timeout.toMillis());
        options.setSSLSocketVerifier(new NamedHost());
        boolean ldaps = "ldaps".equals(this.url.getScheme().toLowerCase(Locale.ROOT));
        int port = (this.url.getPort() > 0) ? this.url.getPort() : (ldaps ? 636 : 389);
        try {
            LDAPConnection fresh = ldaps
                    ? new LDAPConnection(this.tls.getSocketFactory(), options, this.url.getHost(), port)
                    : new LDAPConnection(options, this.url.getHost(), port);
            if (this.startTls) {
                startTls(fresh);
            }
            this.connection = fresh;
            return fresh;
        }
        catch (LDAPException ex) {
            throw failure("connect", ex);
        }
    }

    /** Makes the plain connection TLS, or closes it and says the server will not. */
    private void startTls(LDAPConnection fresh) throws LDAPException {
        ExtendedResult started;
        try {
            started = fresh.processExtendedOperation(new StartTLSExtendedRequest(this.tls));
        }
        catch (LDAPException ex) {
            if (!ex.getResultCode().isConnectionUsable() || tlsFailure(ex) != null) {
                fresh.close();
                throw ex;
            }
            started = new ExtendedResult(ex);
        }
        if (started.getResultCode() != ResultCode.SUCCESS) {
            fresh.close();
            throw new DirectoryRefusedException("The domain controller " + this.url + " refused StartTLS ("
                    + started.getResultCode() + ": " + started.getDiagnosticMessage() + "), so --starttls cannot "
                    + "encrypt the connection: use its ldaps:// address instead. Nothing was changed.");
        }
    }

    private void bind(LDAPConnection target, String name, byte[] password) throws LDAPException {
        BindResult result = target.bind(new SimpleBindRequest(name, password));
        if (result.getResultCode() != ResultCode.SUCCESS) {
            throw new LDAPException(result);
        }
    }

    /** The server could not be reached, or did not answer, when bulk-resend tried to do this: exit 3. */
    DirectoryUnavailableException unavailable(String what, LDAPException ex) {
        return new DirectoryUnavailableException("The domain controller " + this.url + " did not answer when "
                + "bulk-resend tried to " + what + " (" + why(ex) + "); the same command continues once it answers.",
                ex);
    }

    /** The same as a user's reason: "the domain controller ... did not answer the reset of a password (...)". */
    String silence(String what, LDAPException ex) {
        return "the domain controller " + this.url + " did not answer " + what + " (" + why(ex) + ")";
    }

    /** Why the server did not answer, in words: not the SDK's account of its exception, which is for the log. */
    private String why(LDAPException ex) {
        ResultCode code = ex.getResultCode();
        if (code == ResultCode.CONNECT_ERROR) {
            Throwable cause = ex;
            while (cause.getCause() != null) {
                if (cause instanceof SSLException) {
                    return "the connection was closed before TLS was set up";
                }
                cause = cause.getCause();
            }
            return "no connection could be made" + ((cause != ex && cause.getMessage() != null)
                    ? ": " + cause.getMessage() : "");
        }
        if (code == ResultCode.SERVER_DOWN) {
            return "the connection was lost before its answer came";
        }
        if (code == ResultCode.TIMEOUT) {
            return "no answer within " + this.timeout.toSeconds() + " s";
        }
        return code + ((ex.getDiagnosticMessage() != null) ? ": " + ex.getDiagnosticMessage() : "");
    }

    private RuntimeException failure(String what, LDAPException ex) {
        SSLException tls = tlsFailure(ex);
        if (tls instanceof SSLPeerUnverifiedException) {
            return new DirectoryRefusedException("The domain controller " + this.url + " presented a certificate that "
                    + "does not name " + this.url.getHost() + " (it names " + tls.getMessage() + "): give --ldap-url a "
                    + "name its certificate holds, or have it issued for " + this.url.getHost() + ". Nothing was changed.");
        }
        if (tls != null && causedBy(tls, CertPathBuilderException.class)) {
            return new DirectoryRefusedException("The domain controller " + this.url + " presented a certificate that "
                    + "is not trusted: no authority Java trusts issued it" + ((this.caFile != null)
                            ? ", nor one in the --ldap-ca file " + this.caFile + ": that file must hold the authority "
                                    + "that issued it"
                            : ": give the authority that issued it (your enterprise CA, as a PEM file) with --ldap-ca")
                    + ". Nothing was changed.");
        }
        if (tls != null) {
            return new DirectoryRefusedException("The domain controller " + this.url + " could not be reached over "
                    + "TLS (" + tls.getMessage() + "): its certificate must be valid, issued for the name in --ldap-url "
                    + "by an authority Java trusts or that --ldap-ca names. Nothing was changed.");
        }
        if (ex.getResultCode().isConnectionUsable()) {
            return new DirectoryRefusedException("The domain controller " + this.url + " refused to " + what + " ("
                    + ex.getResultCode() + ": " + ex.getDiagnosticMessage() + "). Nothing was changed.");
        }
        return unavailable(what, ex);
    }

    /** The TLS failure behind this one, unless the connection only went away during the handshake. */
    private static SSLException tlsFailure(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SSLException tls) {
                return droppedMidHandshake(tls) ? null : tls;
            }
        }
        return null;
    }

    /**
     * A TLS failure because the connection went away (the server, or a load balancer before it,
     * closed or reset it), not because of what the server said: the server is unavailable, not set up
     * wrong.
     */
    private static boolean droppedMidHandshake(Throwable tls) {
        for (Throwable cause = tls.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof EOFException || cause instanceof SocketException) {
                return true;
            }
        }
        return false;
    }

    private static boolean causedBy(Throwable failure, Class<? extends Throwable> type) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return true;
            }
        }
        return false;
    }

    private void forgetBind() {
        if (this.bindPassword != null) {
            java.util.Arrays.fill(this.bindPassword, (byte) 0);
        }
        this.bindPassword = null;
        this.bindName = null;
    }

    /** Closes the connection but keeps who is bound: the next operation connects and binds again. */
    synchronized void disconnect() {
        if (this.connection != null) {
            this.connection.close();
            this.connection = null;
        }
    }

    @Override
    public synchronized void close() {
        forgetBind();
        if (this.connection != null) {
            this.connection.close();
            this.connection = null;
        }
    }

    @Override
    public String toString() {
        return this.url.toString();
    }

    /**
     * The server's certificate must name the host connected to, for LDAPS and StartTLS alike; a
     * certificate that does not is told apart, by its cause, from a server that does not answer.
     */
    private static final class NamedHost extends SSLSocketVerifier {

        /** The kinds of subject alternative name a host is checked against. */
        private static final Integer DNS_NAME = 2;

        private static final Integer IP_ADDRESS = 7;

        private final HostNameSSLSocketVerifier names = new HostNameSSLSocketVerifier(true);

        @Override
        public void verifySSLSocket(String host, int port, SSLSocket socket) throws LDAPException {
            try {
                this.names.verifySSLSocket(host, port, socket);
            }
            catch (LDAPException ex) {
                throw new LDAPException(ex.getResultCode(), ex.getMessage(),
                        new SSLPeerUnverifiedException(namesIn(socket)));
            }
        }

        /** The DNS names and IP addresses the server's certificate holds, or its subject if it holds none. */
        private static String namesIn(SSLSocket socket) {
            try {
                X509Certificate certificate = (X509Certificate) socket.getSession().getPeerCertificates()[0];
                Collection<List<?>> alternatives = certificate.getSubjectAlternativeNames();
                List<String> names = (alternatives == null) ? List.of() : alternatives.stream()
                    .filter((name) -> DNS_NAME.equals(name.get(0)) || IP_ADDRESS.equals(name.get(0)))
                    .map((name) -> String.valueOf(name.get(1))).toList();
                return names.isEmpty() ? certificate.getSubjectX500Principal().getName() : String.join(", ", names);
            }
            catch (SSLPeerUnverifiedException | CertificateParsingException | ClassCastException ex) {
                return "no name that can be read";
            }
        }
    }
}
