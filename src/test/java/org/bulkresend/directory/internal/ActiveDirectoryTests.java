package org.bulkresend.directory.internal;

import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.listener.InMemoryListenerConfig;
import com.unboundid.ldap.sdk.Attribute;
import org.bulkresend.directory.AccountState;
import org.bulkresend.directory.AdminRole;
import org.bulkresend.directory.DirectoryRefusedException;
import org.bulkresend.directory.DirectoryUser;
import org.bulkresend.support.TestCertificateAuthority;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * How {@link ActiveDirectory} reads a domain's users, against an UnboundID in-memory server shaped
 * like a domain ({@link InMemoryDomain}): names in the three forms a row may give, the account's
 * state, protection and password age, the alternate address's attribute; and a server that does
 * not offer StartTLS. The whole command runs against the Samba domain controller
 * ({@code ActiveDirectoryRunTests}, {@code DomainTrustTests}).
 */
class ActiveDirectoryTests {

    /** 2021-01-01T00:00:00Z as a Windows FILETIME: 100 ns intervals since 1601-01-01. */
    static final long NEW_YEAR_2021 = 132_539_328_000_000_000L;

    InMemoryDomain domain;

    @BeforeEach
    void start() throws Exception {
        this.domain = new InMemoryDomain();
    }

    @AfterEach
    void stop() {
        this.domain.close();
    }

    @Test
    void aFileTimeIsAnInstantAndZeroOrNeverIsNone() {
        assertThat(ActiveDirectory.fileTime(116_444_736_000_000_000L)).isEqualTo(Instant.EPOCH);
        assertThat(ActiveDirectory.fileTime(NEW_YEAR_2021)).isEqualTo(Instant.parse("2021-01-01T00:00:00Z"));
        assertThat(ActiveDirectory.fileTime(NEW_YEAR_2021 + 1_234_567)).isEqualTo(Instant.parse("2021-01-01T00:00:00.1234567Z"));
        assertThat(ActiveDirectory.fileTime(0)).isNull();
        assertThat(ActiveDirectory.fileTime(Long.MAX_VALUE)).isNull();
    }

    @Test
    void aNameIsLookedUpByItsUpnItsSamAccountNameOrItsDomainAndSamAccountName() throws Exception {
        assertThat(ActiveDirectory.byName("ada@contoso.test")).hasToString("(userPrincipalName=ada@contoso.test)");
        assertThat(ActiveDirectory.byName("ada")).hasToString("(sAMAccountName=ada)");
        assertThat(ActiveDirectory.byName("CONTOSO\\ada")).hasToString("(sAMAccountName=ada)");
        this.domain.user("ada");
        this.domain.user("grace");

        try (ActiveDirectory directory = this.domain.boundAsOperator("otherMailbox")) {
            Map<String, DirectoryUser> found = directory.findAll(List.of("ada@contoso.test", "ada", "CONTOSO\\ada",
                    "grace", "nobody@contoso.test"));

            assertThat(found).containsOnlyKeys("ada@contoso.test", "ada", "contoso\\ada", "grace");
            assertThat(found.values()).extracting(DirectoryUser::userPrincipalName)
                .containsExactlyInAnyOrder("ada@contoso.test", "ada@contoso.test", "ada@contoso.test", "grace@contoso.test");
            assertThat(found.get("ada").id()).isEqualTo("CN=ada," + InMemoryDomain.STAFF);
        }
    }

    @Test
    void aDisabledAccountIsBlockedAnAdminCountOfOneIsProtectedAndAPwdLastSetOfZeroMustChange() throws Exception {
        this.domain.user("active", new Attribute("userAccountControl", "512"),
                new Attribute("pwdLastSet", String.valueOf(NEW_YEAR_2021)));
        this.domain.user("disabled", new Attribute("userAccountControl", "514"),
                new Attribute("pwdLastSet", String.valueOf(NEW_YEAR_2021)));
        this.domain.user("protected", new Attribute("userAccountControl", "512"), new Attribute("adminCount", "1"),
                new Attribute("pwdLastSet", String.valueOf(NEW_YEAR_2021)));
        this.domain.user("fresh", new Attribute("userAccountControl", "512"), new Attribute("pwdLastSet", "0"));

        try (ActiveDirectory directory = this.domain.boundAsOperator("otherMailbox")) {
            Map<String, DirectoryUser> found = directory.findAll(List.of("active", "disabled", "protected", "fresh"));

            DirectoryUser active = found.get("active");
            assertThat(active.state()).isEqualTo(AccountState.ACTIVE);
            assertThat(active.roles()).isEmpty();
            assertThat(active.mustChangePassword()).isFalse();
            assertThat(active.passwordLastSet()).isEqualTo(Instant.parse("2021-01-01T00:00:00Z"));
            assertThat(found.get("disabled").state()).isEqualTo(AccountState.BLOCKED);
            assertThat(found.get("protected").state()).isEqualTo(AccountState.ACTIVE);
            assertThat(found.get("protected").roles()).containsExactly(AdminRole.PROTECTED_ACCOUNT);
            assertThat(found.get("fresh").mustChangePassword()).isTrue();
            assertThat(found.get("fresh").passwordLastSet()).isNull();
        }
    }

    @Test
    void theAlternateAddressComesFromTheAttributeNamedAndOnlyFromIt() throws Exception {
        this.domain.user("ada", new Attribute("msDS-cloudExtensionAttribute1", "ada@elsewhere.example"));
        this.domain.user("grace");

        try (ActiveDirectory directory = this.domain.boundAsOperator("msDS-cloudExtensionAttribute1")) {
            Map<String, DirectoryUser> found = directory.findAll(List.of("ada", "grace"));

            assertThat(found.get("ada").alternateEmail()).isEqualTo("ada@elsewhere.example");
            assertThat(found.get("grace").alternateEmail()).as("otherMailbox is not read in this run").isNull();
        }
    }

    @Test
    void anAlternateAddressAttributeTheSchemaDoesNotDefineStopsTheLookUpNamingTheOption() throws Exception {
        this.domain.user("ada");

        try (ActiveDirectory directory = this.domain.boundAsOperator("extensionAttribute1")) {
            assertThatExceptionOfType(DirectoryRefusedException.class)
                .isThrownBy(() -> directory.findAll(List.of("ada")))
                .withMessageStartingWith("--alternate-address-attribute extensionAttribute1: the domain's schema has no "
                        + "such attribute")
                .withMessageContaining("otherMailbox").withMessageContaining("Nothing was changed.");
        }
    }

    @Test
    void aServerThatDoesNotOfferStartTlsIsRefusedAndOneThatDoesIsUsed() throws Exception {
        try (InMemoryDirectoryServer plainOnly = plainServer(false);
                DomainConnection refused = startTls(plainOnly);
                InMemoryDirectoryServer offering = plainServer(true);
                DomainConnection started = startTls(offering)) {
            assertThatExceptionOfType(DirectoryRefusedException.class)
                .isThrownBy(refused::connected)
                .withMessageStartingWith("The domain controller " + refused + " refused StartTLS (")
                .withMessageContaining("use its ldaps:// address instead").withMessageContaining("Nothing was changed.");
            assertThat(started.connected().getSSLSession()).as("the connection is TLS after StartTLS").isNotNull();
        }
    }

    /** A server answering plain LDAP on 127.0.0.1, offering StartTLS with the tests' certificate or not. */
    static InMemoryDirectoryServer plainServer(boolean offersStartTls) throws Exception {
        InMemoryDirectoryServerConfig config = new InMemoryDirectoryServerConfig(InMemoryDomain.BASE);
        config.setListenerConfigs(InMemoryListenerConfig.createLDAPConfig("ldap", InetAddress.getByName("127.0.0.1"), 0,
                offersStartTls ? TestCertificateAuthority.serverContext().getSocketFactory() : null));
        InMemoryDirectoryServer server = new InMemoryDirectoryServer(config);
        server.startListening();
        return server;
    }

    static DomainConnection startTls(InMemoryDirectoryServer server) {
        return new DomainConnection(URI.create("ldap://127.0.0.1:" + server.getListenPort()), true,
                TestCertificateAuthority.clientContext(), TestCertificateAuthority.caFile(), Duration.ofSeconds(30));
    }
}
