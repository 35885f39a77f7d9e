package org.bulkresend.cli;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.bulkresend.notify.SendRate;
import org.bulkresend.settings.DirectoryKind;

import picocli.CommandLine.Option;

/**
 * Which directory users are looked up and reset in, and how to reach Microsoft Graph or an Active
 * Directory domain controller. The Graph app's client secret and a service account's password are
 * never options: they come from the environment or a file.
 */
class DirectoryOptions {

    @Option(names = "--directory", paramLabel = "embedded|graph|ad",
            description = "Where users are looked up and reset: embedded (the database in the data directory, for "
                    + "the demo and tests), graph (Microsoft Entra ID through Microsoft Graph, in the --cloud) or ad "
                    + "(an on-premises Active Directory domain, at --ldap-url). Default: embedded "
                    + "(env BULK_RESEND_DIRECTORY).")
    String directory;

    @Option(names = "--ldap-url", paramLabel = "URL",
            description = "With --directory ad: the domain controller, ldaps://dc1.contoso.local[:636], or "
                    + "ldap://...:389 with --starttls; plain LDAP is refused, as Active Directory refuses resets over "
                    + "it (env BULK_RESEND_LDAP_URL).")
    URI ldapUrl;

    @Option(names = "--starttls",
            description = "With --directory ad and an ldap:// address: encrypt the connection with StartTLS before "
                    + "anything is sent (env BULK_RESEND_LDAP_STARTTLS=true).")
    boolean startTls;

    @Option(names = "--base-dn", paramLabel = "DN",
            description = "With --directory ad: where users are looked up, such as OU=Staff,DC=contoso,DC=local. "
                    + "Default: the domain controller's defaultNamingContext (env BULK_RESEND_LDAP_BASE_DN).")
    String baseDn;

    @Option(names = "--ldap-ca", paramLabel = "FILE",
            description = "With --directory ad: also trust the certificate authorities in this PEM file, beside "
                    + "Java's own, for the domain controller's certificate: your enterprise CA "
                    + "(env BULK_RESEND_LDAP_CA_FILE).")
    Path ldapCa;

    @Option(names = "--bind-as", paramLabel = "DN",
            description = "With --directory ad: bind as this service account instead of the operator, for scheduled "
                    + "runs; its password comes from env BULK_RESEND_LDAP_BIND_PASSWORD or --bind-password-file. The "
                    + "domain then checks the account's rights, not the operator's, and bulk-resend's own rules are "
                    + "the only check of whom the operator may reset (env BULK_RESEND_LDAP_BIND_AS).")
    String bindAs;

    @Option(names = "--bind-password-file", paramLabel = "FILE",
            description = "A file whose first line is the --bind-as account's password (keep it readable by you only) "
                    + "(env BULK_RESEND_LDAP_BIND_PASSWORD_FILE).")
    Path bindPasswordFile;

    @Option(names = "--alternate-address-attribute", paramLabel = "NAME",
            description = "With --directory ad: the attribute holding the address a user can read before they can "
                    + "sign in, such as msDS-cloudExtensionAttribute1 (or extensionAttribute7 where Exchange's schema "
                    + "was added); one the domain's schema does not define stops the run. Default: otherMailbox "
                    + "(env BULK_RESEND_LDAP_ALTERNATE_ADDRESS_ATTRIBUTE).")
    String alternateAddressAttribute;

    @Option(names = "--tenant-id", paramLabel = "ID",
            description = "With --directory graph: the tenant's directory id or a verified domain "
                    + "(env BULK_RESEND_GRAPH_TENANT_ID).")
    String tenantId;

    @Option(names = "--client-id", paramLabel = "ID",
            description = "With --directory graph: the app registration's Application (client) ID "
                    + "(env BULK_RESEND_GRAPH_CLIENT_ID). Its secret comes from env BULK_RESEND_GRAPH_CLIENT_SECRET, "
                    + "--client-secret-file or --certificate, never from the command line.")
    String clientId;

    @Option(names = "--client-secret-file", paramLabel = "FILE",
            description = "A file whose first line is the app's client secret value (keep it readable by you only) "
                    + "(env BULK_RESEND_GRAPH_CLIENT_SECRET_FILE).")
    Path clientSecretFile;

    @Option(names = "--certificate", paramLabel = "FILE",
            description = "Sign the app in with a certificate instead of a secret: a PEM file holding the PKCS#8 "
                    + "private key and the certificate, or a .pfx/.p12 file (its password in env "
                    + "BULK_RESEND_GRAPH_CERTIFICATE_PASSWORD) (env BULK_RESEND_GRAPH_CERTIFICATE).")
    Path certificate;

    @Option(names = "--graph-url", paramLabel = "URL",
            description = "The Microsoft Graph endpoint, if not the cloud's own (https://graph.microsoft.com, "
                    + "https://microsoftgraph.chinacloudapi.cn, https://graph.microsoft.de, "
                    + "https://graph.microsoft.us, https://dod-graph.microsoft.us) (env BULK_RESEND_GRAPH_GRAPH_URL).")
    URI graphUrl;

    @Option(names = "--login-url", paramLabel = "URL",
            description = "The sign-in (token) endpoint, if not the cloud's own (https://login.microsoftonline.com, "
                    + "https://login.chinacloudapi.cn, https://login.microsoftonline.de, "
                    + "https://login.microsoftonline.us) (env BULK_RESEND_GRAPH_LOGIN_URL).")
    URI loginUrl;

    @Option(names = "--graph-ca-file", paramLabel = "FILE",
            description = "With --directory graph: also trust the certificate authorities in this PEM file, beside "
                    + "Java's own, for Microsoft Graph and its sign-in: the CA of a proxy that inspects TLS, or of a "
                    + "private endpoint (env BULK_RESEND_GRAPH_CA_FILE).")
    Path caFile;

    @Option(names = "--time-zone-from-mailbox",
            description = "With --directory graph: read each user's time zone from their mailbox's settings (the app "
                    + "needs the application permission MailboxSettings.Read). A row's timeZone column still comes "
                    + "first; a user without a mailbox, or whose mailbox has no time zone yet, gets --time-zone "
                    + "(env BULK_RESEND_GRAPH_MAILBOX_TIME_ZONES=true).")
    boolean timeZoneFromMailbox;

    @Option(names = "--graph-write-rate", paramLabel = "N/s",
            description = "With --directory graph: write to Graph (resets, passes) at most this fast: 20/s, 10/s, "
                    + "600/min. Default: 20/s, Graph's quota for one app in a tenant (3,000 writes in 150 seconds); "
                    + "lower it when other apps of the tenant write too, as the tenant's quota (18,000 writes in 5 "
                    + "minutes) is shared by all its apps (env BULK_RESEND_GRAPH_WRITE_RATE).")
    String graphWriteRate;

    /** Adds these options' settings, checked and typed, to the session's settings. */
    void addTo(Map<String, Object> settings) {
        if (this.directory != null) {
            try {
                settings.put("bulk-resend.directory", DirectoryKind.parse(this.directory));
            }
            catch (IllegalArgumentException ex) {
                throw new UsageException("--directory must be embedded, graph or ad, was '" + this.directory + "'.");
            }
        }
        putLdap(settings, "url", this.ldapUrl);
        putLdap(settings, "starttls", this.startTls ? Boolean.TRUE : null);
        putLdap(settings, "base-dn", this.baseDn);
        putLdap(settings, "ca-file", (this.ldapCa != null) ? this.ldapCa.toAbsolutePath() : null);
        putLdap(settings, "bind-as", this.bindAs);
        putLdap(settings, "bind-password-file",
                (this.bindPasswordFile != null) ? this.bindPasswordFile.toAbsolutePath() : null);
        putLdap(settings, "alternate-address-attribute", this.alternateAddressAttribute);
        put(settings, "tenant-id", this.tenantId);
        put(settings, "client-id", this.clientId);
        put(settings, "client-secret-file",
                (this.clientSecretFile != null) ? this.clientSecretFile.toAbsolutePath() : null);
        put(settings, "certificate", (this.certificate != null) ? this.certificate.toAbsolutePath() : null);
        put(settings, "graph-url", url("--graph-url", this.graphUrl));
        put(settings, "login-url", url("--login-url", this.loginUrl));
        put(settings, "ca-file", (this.caFile != null) ? this.caFile.toAbsolutePath() : null);
        if (this.timeZoneFromMailbox) {
            put(settings, "mailbox-time-zones", true);
        }
        if (this.graphWriteRate != null) {
            try {
                String rate = this.graphWriteRate.strip();
                put(settings, "write-rate", SendRate.parse(rate.matches("\\d+") ? rate + "/s" : rate));
            }
            catch (IllegalArgumentException ex) {
                throw new UsageException("--graph-write-rate: " + ex.getMessage() + ".");
            }
        }
    }

    private static URI url(String option, URI url) {
        if (url == null) {
            return null;
        }
        if (url.getScheme() == null || url.getHost() == null
                || !List.of("https", "http").contains(url.getScheme().toLowerCase(Locale.ROOT))) {
            throw new UsageException(option + " must be an https:// address, was '" + url + "'.");
        }
        return url;
    }

    private static void putLdap(Map<String, Object> settings, String property, Object value) {
        if (value != null) {
            settings.put("bulk-resend.ldap." + property, value);
        }
    }

    private static void put(Map<String, Object> settings, String property, Object value) {
        if (value != null) {
            settings.put("bulk-resend.graph." + property, value);
        }
    }
}
