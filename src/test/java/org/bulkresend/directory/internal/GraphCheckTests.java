package org.bulkresend.directory.internal;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.bulkresend.support.BulkResendFixture;
import org.bulkresend.support.Cli;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code check --directory graph} against a local Microsoft Graph over real HTTPS: the app's
 * sign-in, the permissions its token lists, a user look-up, the endpoints, the operator, the
 * Temporary Access Pass policy and mail through Graph, each found by reads alone: Graph is never
 * written to and no message goes out.
 */
class GraphCheckTests {

    @RegisterExtension
    static BulkResendFixture fixture = GraphRunTests.contoso();

    @BeforeEach
    void tenant() {
        GraphRunTests.operatorIn(fixture.graph());
    }

    /** {@code check} with the fixture's Graph options, then {@code extra}, as its operator. */
    Cli.Result check(String... extra) {
        List<String> args = new ArrayList<>(List.of("check"));
        args.addAll(fixture.graphOptions());
        args.addAll(Arrays.asList(extra));
        args.addAll(List.of("--operator", GraphRunTests.OPERATOR));
        return fixture.cli().run(args.toArray(String[]::new));
    }

    Cli.Result checkWithSmtp(String... extra) {
        List<String> args = new ArrayList<>(fixture.smtpOptions());
        args.addAll(Arrays.asList(extra));
        return check(args.toArray(String[]::new));
    }


    /** Graph was only read: every request a GET, alone or in a {@code $batch}, or the token's POST. */
    static void graphOnlyRead() {
        assertThat(fixture.graph().requests()).isNotEmpty()
            .allMatch((request) -> request.method().equals("GET") || request.path().endsWith("/oauth2/v2.0/token")
                    || request.path().equals("/v1.0/$batch"), "a read");
        assertThat(fixture.received()).isEmpty();
    }

    @Test
    void anAppThatHasWhatARunNeedsGetsATickOnEachLine() {
        Cli.Result result = checkWithSmtp();

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.checkLine("directory sign-in")).isEqualTo("✓ directory sign-in: app " + GraphRunTests.CLIENT
                + " of tenant " + GraphRunTests.TENANT + " signed in with a client secret");
        assertThat(result.checkLine("directory permissions")).isEqualTo("✓ directory permissions: the app holds "
                + "User.Read.All, RoleManagement.Read.Directory, User-PasswordProfile.ReadWrite.All");
        assertThat(result.checkLine("directory read")).startsWith("✓ directory read: Microsoft Graph");
        assertThat(result.checkLine("directory endpoints")).startsWith("✓ directory endpoints: Microsoft Graph "
                + fixture.graph().url()).contains("(given instead of the worldwide cloud's) answered");
        assertThat(result.checkLine("operator")).isEqualTo("✓ operator: megan.bowen@contoso.com (Megan Bowen): active, "
                + "User Administrator; may reset users without an admin role and users holding only the Directory "
                + "Readers, Groups Administrator, Guest Inviter, Helpdesk Administrator, Message Center Reader, "
                + "Password Administrator, Reports Reader, Usage Summary Reports Reader, User Administrator, User "
                + "Experience Success Manager roles; not themselves");
        assertThat(result.checkLine("mail")).startsWith("✓");
        graphOnlyRead();
    }

    @Test
    void aWrongClientSecretIsACrossOnTheSignInAndTheSecretIsShownNowhere() throws Exception {
        String wrong = "Wr0ng~bulk.resend-Secret_Value~2026";
        Files.writeString(fixture.graphSecretFile(), wrong + "\n");

        Cli.Result result = checkWithSmtp();

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.checkLine("directory sign-in")).startsWith("✗ directory sign-in: ")
            .contains("— do this: check --tenant-id, --client-id and the app's client secret or certificate");
        assertThat(result.checkLine("directory endpoints")).startsWith("✗");
        assertThat(result.checkLine("operator")).startsWith("✗");
        assertThat(result.all()).doesNotContain(wrong, GraphRunTests.SECRET, "\tat ", "Exception");
        assertThat(fixture.graph().requests()).noneMatch((request) -> request.path().startsWith("/v1.0"));
    }

    @Test
    void aPermissionTheAppWasNotGrantedIsACrossNamingIt() {
        fixture.graph().withholdPermission("User-PasswordProfile.ReadWrite.All");

        Cli.Result result = checkWithSmtp();

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.checkLine("directory permissions")).isEqualTo("✗ directory permissions: the app lacks the "
                + "application permission User-PasswordProfile.ReadWrite.All a run resetting passwords needs — do "
                + "this: in the app registration's API permissions, add the Microsoft Graph application permission "
                + "User-PasswordProfile.ReadWrite.All and grant admin consent");
        assertThat(result.checkLine("directory sign-in")).startsWith("✓");
        assertThat(result.checkLine("operator")).startsWith("✓");
        graphOnlyRead();
    }

    @Test
    void withPassesThePolicyIsReadAndThePermissionsToReadItAreChecked() {
        fixture.graph().user(GraphRunTests.OPERATOR).roles("Authentication Administrator");

        Cli.Result works = checkWithSmtp("--credential", "tap", "--tap-lifetime", "8h");
        fixture.graph().appMayReadPolicies(false);
        Cli.Result refused = checkWithSmtp("--credential", "tap");

        assertThat(works.exitCode()).as(works.toString()).isZero();
        assertThat(works.checkLine("directory permissions")).contains("UserAuthenticationMethod.ReadWrite.All",
                "Policy.Read.All");
        assertThat(works.checkLine("pass policy")).startsWith("✓ pass policy: Temporary Access Passes of 8 hours");
        assertThat(works.checkLine("operator")).endsWith("may give a Temporary Access Pass to users without an admin "
                + "role, not themselves");
        assertThat(works.checkLine("templates")).contains("the pass shows in every combination");
        assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(2);
        assertThat(refused.checkLine("directory permissions")).startsWith("✗").contains("Policy.Read.All");
        assertThat(refused.checkLine("pass policy")).startsWith("✗ pass policy: ").contains("— do this:");
        graphOnlyRead();
    }

    @Test
    void anOperatorWhoMayGiveNobodyAPassIsACross() {
        Cli.Result result = checkWithSmtp("--credential", "tap");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.checkLine("operator")).contains("may give a Temporary Access Pass to nobody",
                "— do this: give the operator a role that may give Temporary Access Passes");
    }

    @Test
    void mailThroughGraphChecksTheSendingMailboxAndMailSend() {
        Cli.Result works = check("--mail", "graph", "--from", GraphRunTests.OPERATOR);
        fixture.graph().withholdPermission("Mail.Send");
        Cli.Result withoutSend = check("--mail", "graph", "--from", GraphRunTests.OPERATOR);
        Cli.Result unknownMailbox = check("--mail", "graph", "--from", "nobody@contoso.com");

        assertThat(works.exitCode()).as(works.toString()).isZero();
        assertThat(works.checkLine("mail")).isEqualTo("✓ mail: Microsoft Graph sendMail from megan.bowen@contoso.com: the "
                + "sending mailbox is known to Microsoft Graph");
        assertThat(works.checkLine("mail permission")).isEqualTo("✓ mail permission: the app holds Mail.Send");
        assertThat(withoutSend.exitCode()).isEqualTo(2);
        assertThat(withoutSend.checkLine("mail permission")).startsWith("✗ mail permission: the app lacks the application "
                + "permission Mail.Send");
        assertThat(unknownMailbox.exitCode()).isEqualTo(2);
        assertThat(unknownMailbox.checkLine("mail")).startsWith("✗ mail: The sending mailbox nobody@contoso.com is not "
                + "known to Microsoft Graph");
        graphOnlyRead();
    }
}
