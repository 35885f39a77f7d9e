package org.bulkresend.settings;

import java.nio.file.Path;
import java.time.Duration;

import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How bulk-resend reaches an Active Directory domain controller. The operator binds as themselves
 * unless a service account is given ({@code bindAs}), whose password comes from env
 * {@code BULK_RESEND_LDAP_BIND_PASSWORD} or a file, never from the command line.
 *
 * @param url the domain controller: {@code ldaps://dc1.contoso.local}, or {@code ldap://} with {@code starttls}
 * @param starttls whether an {@code ldap://} connection is encrypted with StartTLS before anything is sent
 * @param baseDn where users are looked up; null for the server's {@code defaultNamingContext}
 * @param caFile a PEM file of certificate authorities to trust for the domain controller, beside Java's own
 * @param bindAs the distinguished name (or UPN) of a service account to bind as, for scheduled runs
 * @param bindPassword the service account's password
 * @param bindPasswordFile a file whose first line is the service account's password
 * @param alternateAddressAttribute the attribute holding the address a user can read before
 * they can sign in
 * @param timeout how long to wait for a connection and for each answer
 */
public record LdapSettings(java.net.URI url, @DefaultValue("false") boolean starttls, String baseDn, Path caFile,
        String bindAs, String bindPassword, Path bindPasswordFile,
        @DefaultValue("otherMailbox") String alternateAddressAttribute, @DefaultValue("30s") Duration timeout) {

    public LdapSettings {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("the LDAP timeout must be positive");
        }
    }

    public void check() {
        if (this.url == null || this.url.getScheme() == null || this.url.getHost() == null) {
            throw new IllegalArgumentException("--directory ad needs the domain controller: give --ldap-url "
                    + "ldaps://dc1.contoso.local (or env BULK_RESEND_LDAP_URL)" + ((this.url != null)
                            ? ", was '" + this.url + "'" : ""));
        }
        String scheme = this.url.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (scheme.equals("ldap") && !this.starttls) {
            throw new IllegalArgumentException("--ldap-url " + this.url + " is plain LDAP, which sends passwords "
                    + "unencrypted and on which Active Directory refuses password resets: use ldaps://, or add "
                    + "--starttls");
        }
        if (!scheme.equals("ldap") && !scheme.equals("ldaps")) {
            throw new IllegalArgumentException("--ldap-url must be an ldaps:// (or ldap:// with --starttls) "
                    + "address, was '" + this.url + "'");
        }
        if (scheme.equals("ldaps") && this.starttls) {
            throw new IllegalArgumentException("--starttls is for an ldap:// address; " + this.url
                    + " is encrypted already: leave out --starttls");
        }
        boolean password = (this.bindPassword != null && !this.bindPassword.isEmpty()) || this.bindPasswordFile != null;
        if (this.bindAs != null && !this.bindAs.isBlank() && !password) {
            throw new IllegalArgumentException("--bind-as needs the service account's password: set env "
                    + "BULK_RESEND_LDAP_BIND_PASSWORD or give --bind-password-file FILE");
        }
        if ((this.bindAs == null || this.bindAs.isBlank()) && this.bindPasswordFile != null) {
            throw new IllegalArgumentException("--bind-password-file is the password of the --bind-as service "
                    + "account: give --bind-as too, or leave both out for the operator to bind as themselves");
        }
        if (this.alternateAddressAttribute.isBlank() || !this.alternateAddressAttribute.matches("[A-Za-z][A-Za-z0-9-]*")) {
            throw new IllegalArgumentException("--alternate-address-attribute must be an attribute name such as "
                    + "otherMailbox or extensionAttribute7, was '" + this.alternateAddressAttribute + "'");
        }
    }

    /** True if a service account binds, rather than each operator as themselves. */
    public boolean bindsAsServiceAccount() {
        return this.bindAs != null && !this.bindAs.isBlank();
    }

    @Override
    public String toString() {
        return "LdapSettings[url=" + this.url + ", starttls=" + this.starttls + ", baseDn=" + this.baseDn + ", caFile="
                + this.caFile + ", bindAs=" + this.bindAs + ", bindPassword="
                + ((this.bindPassword != null) ? "****" : null) + ", bindPasswordFile=" + this.bindPasswordFile
                + ", alternateAddressAttribute=" + this.alternateAddressAttribute + ", timeout=" + this.timeout + "]";
    }
}
