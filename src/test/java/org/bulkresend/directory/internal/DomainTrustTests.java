package org.bulkresend.directory.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import com.unboundid.ldap.sdk.SearchScope;
import jakarta.mail.internet.MimeMessage;
import org.bulkresend.support.BulkResendFixture;
import org.bulkresend.support.Cli;
import org.bulkresend.support.DomainSeed;
import org.bulkresend.support.Mails;
import org.bulkresend.support.Reports;
import org.bulkresend.support.SambaDomain;
import org.bulkresend.support.TestCertificateAuthority;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the admin of an on-premises domain sees when the connection to the domain controller cannot
 * be trusted, or the alternate address's attribute is not what they think: the whole command against
 * the real Samba domain controller ({@link SambaDomain}), each refusal exit 2 with one sentence that
 * names what to change, before anything changes. Each test adds new hires of its own
 * ({@link DomainSeed#newHires}) and checks that their passwords were not touched.
 */
class DomainTrustTests {

    @RegisterExtension
    static BulkResendFixture fixture = BulkResendFixture.withoutDirectory().sender("helpdesk@contoso.test");

    static SambaDomain domain() {
        return SambaDomain.shared();
    }

    Path input(List<String> users) throws Exception {
        List<String> lines = new ArrayList<>();
        lines.add("userPrincipalName");
        lines.addAll(users);
        return Files.write(fixture.work().resolve("new-hires.csv"), lines, StandardCharsets.UTF_8);
    }

    /** The helpdesk operator's run at this address of the domain controller, with these options besides. */
    Cli.Result runAt(String url, Path input, String... extra) {
        List<String> args = new ArrayList<>(List.of("--directory", "ad", "--ldap-url", url, "--operator",
                DomainSeed.HELPDESK, "--operator-password-file", fixture.cli().passwordFile(DomainSeed.HELPDESK_PASSWORD)));
        args.addAll(Arrays.asList(extra));
        return fixture.run(input, args.toArray(String[]::new));
    }

    /** Exit 2, one line on stderr and no stack trace, the hires' passwords as they were, no message sent. */
    static void refusedBeforeAnythingChanged(Cli.Result result, List<String> hires) throws Exception {
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.err()).as("no stack trace").doesNotContain("\tat ").doesNotContain("Exception");
        for (String hire : hires) {
            assertThat(DomainSeed.pwdLastSet(domain(), hire)).as("%s's password is as it was", hire).isNotZero();
        }
        assertThat(fixture.received()).isEmpty();
    }

    @Test
    void aCertificateFromAnAuthorityJavaDoesNotTrustStopsTheRunAndNamesLdapCa() throws Exception {
        List<String> hires = DomainSeed.newHires(domain(), "untrusted", 1);

        Cli.Result ldaps = runAt(domain().ldapsUrl(), input(hires));
        Cli.Result startTls = runAt(domain().ldapUrl(), input(hires), "--starttls");

        refusedBeforeAnythingChanged(ldaps, hires);
        assertThat(ldaps.err()).contains("The domain controller " + domain().ldapsUrl() + " presented a certificate that "
                + "is not trusted: no authority Java trusts issued it: give the authority that issued it (your "
                + "enterprise CA, as a PEM file) with --ldap-ca. Nothing was changed.");
        refusedBeforeAnythingChanged(startTls, hires);
        assertThat(startTls.err()).contains("The domain controller " + domain().ldapUrl() + " presented a certificate "
                + "that is not trusted").contains("with --ldap-ca");
    }

    @Test
    void aCaFileThatDoesNotHoldTheIssuingAuthorityIsNamed() throws Exception {
        List<String> hires = DomainSeed.newHires(domain(), "otherca", 1);
        // A certificate, but not of an authority that issued the domain controller's: the app's own.
        Path otherAuthority = Files.writeString(fixture.work().resolve("other-ca.pem"), "-----BEGIN CERTIFICATE-----\n"
                + Base64.getMimeEncoder().encodeToString(TestCertificateAuthority.appCertificate().certificate()
                    .getEncoded()) + "\n-----END CERTIFICATE-----\n", StandardCharsets.US_ASCII);

        Cli.Result result = runAt(domain().ldapsUrl(), input(hires), "--ldap-ca", otherAuthority.toString());

        refusedBeforeAnythingChanged(result, hires);
        assertThat(result.err()).contains("presented a certificate that is not trusted: no authority Java trusts issued "
                + "it, nor one in the --ldap-ca file " + otherAuthority + ": that file must hold the authority that "
                + "issued it. Nothing was changed.");
    }

    @Test
    void aCertificateThatDoesNotNameTheHostConnectedToIsRefusedAndOneThatDoesIsUsed() throws Exception {
        List<String> hires = DomainSeed.newHires(domain(), "misnamed", 1);
        // The domain controller's certificate names its address and localhost; this machine's own name it does
        // not. The same server is reached by that name, and by localhost, through plain TCP relays. (By a loopback
        // address it could not be: UnboundID's check of the name accepts any certificate there.)
        InetAddress machine = InetAddress.getLocalHost();
        assertThat(machine.getHostName()).as("this machine has a name of its own").isNotEqualToIgnoringCase("localhost");
        try (Relay ldaps = new Relay(machine, domain().address(), 636);
                Relay ldap = new Relay(machine, domain().address(), 389);
                Relay local = new Relay(InetAddress.getByName("127.0.0.1"), domain().address(), 636)) {
            String misnamed = "ldaps://" + machine.getHostName() + ":" + ldaps.port();
            Cli.Result byMachineName = runAt(misnamed, input(hires), "--ldap-ca",
                    TestCertificateAuthority.caFile().toString());
            Cli.Result startTls = runAt("ldap://" + machine.getHostName() + ":" + ldap.port(), input(hires), "--ldap-ca",
                    TestCertificateAuthority.caFile().toString(), "--starttls");
            Cli.Result byLocalhost = runAt("ldaps://localhost:" + local.port(), input(hires), "--ldap-ca",
                    TestCertificateAuthority.caFile().toString(), "--dry-run");

            refusedBeforeAnythingChanged(byMachineName, hires);
            assertThat(byMachineName.err()).contains("The domain controller " + misnamed + " presented a certificate "
                    + "that does not name " + machine.getHostName() + " (it names " + domain().address() + ", localhost): "
                    + "give --ldap-url a name its certificate holds, or have it issued for " + machine.getHostName()
                    + ". Nothing was changed.");
            refusedBeforeAnythingChanged(startTls, hires);
            assertThat(startTls.err()).contains("presented a certificate that does not name " + machine.getHostName());
            assertThat(byLocalhost.exitCode()).as(byLocalhost.toString()).isZero();
            assertThat(Reports.report(byLocalhost).row(hires.get(0)).status()).isEqualTo("PREVIEWED");
        }
    }

    @Test
    void aCaFileThatIsMissingAFolderEmptyOrNotPemIsNamed() throws Exception {
        List<String> hires = DomainSeed.newHires(domain(), "cafile", 1);
        Path missing = fixture.work().resolve("missing-ca.pem");
        Path folder = Files.createDirectories(fixture.work().resolve("ca-folder"));
        Path empty = Files.writeString(fixture.work().resolve("empty-ca.pem"), "");
        Path notPem = Files.writeString(fixture.work().resolve("ca.cer"), "MIIB-not-a-certificate\n");

        Cli.Result[] results = { runAt(domain().ldapsUrl(), input(hires), "--ldap-ca", missing.toString()),
            runAt(domain().ldapsUrl(), input(hires), "--ldap-ca", folder.toString()),
            runAt(domain().ldapsUrl(), input(hires), "--ldap-ca", empty.toString()),
            runAt(domain().ldapsUrl(), input(hires), "--ldap-ca", notPem.toString()) };

        for (Cli.Result result : results) {
            refusedBeforeAnythingChanged(result, hires);
        }
        assertThat(results[0].err()).contains("--ldap-ca: the CA file " + missing + " cannot be read: it does not exist.");
        assertThat(results[1].err()).contains("--ldap-ca: the CA file " + folder + " cannot be read: it is a folder, "
                + "not a PEM file.");
        assertThat(results[2].err()).contains("--ldap-ca: the CA file " + empty + " holds no certificate");
        assertThat(results[3].err()).contains("--ldap-ca: the CA file " + notPem + " holds something other than PEM "
                + "certificates");
    }

    @Test
    void aUserIsToldAtTheAddressInTheAttributeNamedAndOtherMailboxIsNotRead() throws Exception {
        List<String> hires = DomainSeed.newHires(domain(), "cloudext", 2);
        // msDS-cloudExtensionAttribute1 is in every schema since Windows Server 2012, Samba's too; the
        // second hire has none, only the otherMailbox every new hire has.
        alternate(hires.get(0), "msDS-cloudExtensionAttribute1", "cloudext1@elsewhere.example");

        Cli.Result result = runAt(domain().ldapsUrl(), input(hires), "--ldap-ca", TestCertificateAuthority.caFile()
            .toString(), "--alternate-address-attribute", "msDS-cloudExtensionAttribute1");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        MimeMessage[] messages = fixture.received();
        assertThat(messages).hasSize(1);
        assertThat(Mails.to(messages[0])).isEqualTo("cloudext1@elsewhere.example");
        assertThat(domain().bindAnswer(hires.get(0), Mails.password(messages[0]))).contains("data 773");
        Reports.Report report = Reports.report(result);
        assertThat(report.row(hires.get(0)).status()).isEqualTo("NOTIFIED");
        assertThat(report.row(hires.get(1)).status()).isEqualTo("REJECTED_UNREACHABLE_ADDRESS");
        assertThat(DomainSeed.pwdLastSet(domain(), hires.get(1))).isNotZero();
    }

    @Test
    void anAlternateAddressAttributeTheDomainsSchemaDoesNotHaveStopsTheRunNamingTheOption() throws Exception {
        List<String> hires = DomainSeed.newHires(domain(), "noattr", 1);

        // extensionAttribute1 to 15 come with Exchange's schema, which this domain, like many, never had.
        Cli.Result result = runAt(domain().ldapsUrl(), input(hires), "--ldap-ca", TestCertificateAuthority.caFile()
            .toString(), "--alternate-address-attribute", "extensionAttribute1");

        refusedBeforeAnythingChanged(result, hires);
        assertThat(result.err()).contains("--alternate-address-attribute extensionAttribute1: the domain's schema has no "
                + "such attribute, so no user would have an address in it.").contains("Nothing was changed.");
    }

    /** Sets this attribute of the user, as the domain's Administrator. */
    static void alternate(String userPrincipalName, String attribute, String address) throws Exception {
        try (LDAPConnection admin = domain().administrator()) {
            String dn = admin.searchForEntry(SambaDomain.BASE_DN, SearchScope.SUB, "(userPrincipalName="
                    + userPrincipalName + ")", "1.1").getDN();
            admin.modify(dn, new Modification(ModificationType.REPLACE, attribute, address));
        }
    }

    /**
     * A plain TCP relay from a free port of this address to a port of the domain controller: the same
     * server and certificate, reached by another name. Each connection is copied both ways until either
     * side closes.
     */
    static final class Relay implements AutoCloseable {

        private final ServerSocket listener;

        private final List<Socket> sockets = new CopyOnWriteArrayList<>();

        Relay(InetAddress address, String host, int port) throws IOException {
            this.listener = new ServerSocket(0, 50, address);
            Thread accepting = new Thread(() -> {
                while (!this.listener.isClosed()) {
                    try {
                        Socket client = this.listener.accept();
                        this.sockets.add(client);
                        Socket server = new Socket(host, port);
                        this.sockets.add(server);
                        copy(client, server);
                        copy(server, client);
                    }
                    catch (IOException ex) {
                        // The relay was closed, or the domain controller refused: the client sees the socket close.
                    }
                }
            }, "relay-" + port);
            accepting.setDaemon(true);
            accepting.start();
        }

        int port() {
            return this.listener.getLocalPort();
        }

        /** Copies one way until either side closes, then closes both, which ends the other way too. */
        private static void copy(Socket from, Socket to) {
            Thread copying = new Thread(() -> {
                try (from; to) {
                    from.getInputStream().transferTo(to.getOutputStream());
                }
                catch (IOException ex) {
                    // Either side closed.
                }
            }, "relay-copy");
            copying.setDaemon(true);
            copying.start();
        }

        @Override
        public void close() throws IOException {
            this.listener.close();
            for (Socket socket : this.sockets) {
                socket.close();
            }
        }
    }
}
