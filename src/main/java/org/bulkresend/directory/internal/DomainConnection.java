package org.bulkresend.directory.internal;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;

import com.unboundid.ldap.sdk.BindResult;
import com.unboundid.ldap.sdk.ExtendedResult;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPConnectionOptions;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SimpleBindRequest;
import com.unboundid.ldap.sdk.extensions.StartTLSExtendedRequest;
import com.unboundid.util.ssl.HostNameSSLSocketVerifier;
import org.bulkresend.directory.DirectoryRefusedException;
import org.bulkresend.directory.DirectoryUnavailableException;
import org.bulkresend.password.Secret;

/**
 * The one connection to the domain controller, always encrypted: LDAPS, or LDAP made TLS by
 * StartTLS before anything else is sent; the server's certificate is checked against the trusted
 * authorities and its name. It binds as the operator or the service account, and connects and binds
 * again after the server closed it. A connection that fails because of TLS is the set-up's fault
 * (refused); one that cannot be made at all is the server's (unavailable: the same command continues).
 */
public final class DomainConnection implements AutoCloseable {

    private final URI url;

    private final boolean startTls;

    private final SSLContext tls;

    private final Duration timeout;

    private LDAPConnection connection;

    private String bindName;

    private byte[] bindPassword;

    /**
     * @param url {@code ldaps://host[:port]}, or {@code ldap://host[:port]} with {@code startTls}
     * @param tls the authorities to trust and how, for LDAPS and StartTLS alike
     */
    public DomainConnection(URI url, boolean startTls, SSLContext tls, Duration timeout) {
        this.url = url;
        this.startTls = startTls;
        this.tls = tls;
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
        options.setSSLSocketVerifier(new HostNameSSLSocketVerifier(true));
        boolean ldaps = "ldaps".equals(this.url.getScheme().toLowerCase(Locale.ROOT));
        int port = (this.url.getPort() > 0) ? this.url.getPort() : (ldaps ? 636 : 389);
        try {
            LDAPConnection fresh = ldaps
                    ? new LDAPConnection(this.tls.getSocketFactory(), options, this.url.getHost(), port)
                    : new LDAPConnection(options, this.url.getHost(), port);
            if (this.startTls) {
                ExtendedResult started = fresh.processExtendedOperation(new StartTLSExtendedRequest(this.tls));
                if (started.getResultCode() != ResultCode.SUCCESS) {
                    fresh.close();
                    throw new DirectoryRefusedException("The domain controller " + this.url + " refused StartTLS ("
                            + started.getResultCode() + ": " + started.getDiagnosticMessage() + "): use its ldaps:// "
                            + "address instead. Nothing was changed.");
                }
            }
            this.connection = fresh;
            return fresh;
        }
        catch (LDAPException ex) {
            throw failure("connect", ex);
        }
    }

    private void bind(LDAPConnection target, String name, byte[] password) throws LDAPException {
        BindResult result = target.bind(new SimpleBindRequest(name, password));
        if (result.getResultCode() != ResultCode.SUCCESS) {
            throw new LDAPException(result);
        }
    }

    /** A failure to reach the server, or to speak TLS with it, in the admin's words. */
    DirectoryUnavailableException unavailable(String what, LDAPException ex) {
        return new DirectoryUnavailableException("The domain controller " + this.url + " stopped answering while "
                + "bulk-resend tried to " + what + " (" + ex.getResultCode() + ": " + ex.getExceptionMessage()
                + "); run the same command again once it answers.", ex);
    }

    private RuntimeException failure(String what, LDAPException ex) {
        for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
            if (cause instanceof SSLException) {
                return new DirectoryRefusedException("The domain controller " + this.url + " could not be reached over "
                        + "TLS (" + cause.getMessage() + "): its certificate must be issued for the name in --ldap-url "
                        + "by an authority Java trusts or that --ldap-ca names. Nothing was changed.");
            }
        }
        if (ex.getResultCode().isConnectionUsable()) {
            return new DirectoryRefusedException("The domain controller " + this.url + " refused to " + what + " ("
                    + ex.getResultCode() + ": " + ex.getDiagnosticMessage() + "). Nothing was changed.");
        }
        return unavailable(what, ex);
    }

    private void forgetBind() {
        if (this.bindPassword != null) {
            java.util.Arrays.fill(this.bindPassword, (byte) 0);
        }
        this.bindPassword = null;
        this.bindName = null;
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
}
