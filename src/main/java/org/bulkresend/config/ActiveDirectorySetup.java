package org.bulkresend.config;

import java.nio.file.Path;
import java.security.NoSuchAlgorithmException;

import javax.net.ssl.SSLContext;

import org.bulkresend.directory.DirectoryRefusedException;
import org.bulkresend.directory.internal.ActiveDirectory;
import org.bulkresend.directory.internal.DomainConnection;
import org.bulkresend.graph.ExtraTrust;
import org.bulkresend.password.Secret;
import org.bulkresend.settings.LdapSettings;

/**
 * Turns the LDAP settings into the Active Directory plug-in: the authorities trusted (Java's, and
 * those of {@code --ldap-ca}), and the service account's password read, if one binds. Nothing
 * connects until the operator signs in.
 */
final class ActiveDirectorySetup {

    private ActiveDirectorySetup() {
    }

    static ActiveDirectory directory(LdapSettings ldap) {
        DomainConnection connection = new DomainConnection(ldap.url(), ldap.starttls(), tls(ldap.caFile()),
                ldap.caFile(), ldap.timeout());
        Secret password = ldap.bindsAsServiceAccount() ? Secret.of((ldap.bindPasswordFile() != null)
                ? SecretFiles.firstLine(ldap.bindPasswordFile(), "--bind-password-file",
                        "the service account's password") : ldap.bindPassword()) : null;
        return new ActiveDirectory(connection, ldap.baseDn(), ldap.alternateAddressAttribute(),
                ldap.bindsAsServiceAccount() ? ldap.bindAs().strip() : null, password);
    }

    private static SSLContext tls(Path caFile) {
        try {
            return (caFile != null) ? ExtraTrust.withAuthoritiesOf(caFile) : SSLContext.getDefault();
        }
        catch (IllegalArgumentException ex) {
            throw new DirectoryRefusedException("--ldap-ca: " + ex.getMessage() + ". Nothing was changed.");
        }
        catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException("Java has no TLS: " + ex.getMessage(), ex);
        }
    }
}
