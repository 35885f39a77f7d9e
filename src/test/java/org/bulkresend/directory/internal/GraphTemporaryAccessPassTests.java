package org.bulkresend.directory.internal;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

import jakarta.mail.internet.MimeMessage;
import org.bulkresend.job.PreviewSequence;
import org.bulkresend.notify.MessageComposer;
import org.bulkresend.support.AtRest;
import org.bulkresend.support.BulkResendFixture;
import org.bulkresend.support.Cli;
import org.bulkresend.support.EmbeddedDatabase;
import org.bulkresend.support.FakeGraph;
import org.bulkresend.support.Mails;
import org.bulkresend.support.Reports;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code --credential tap} through Microsoft Graph: the tenant's Temporary Access Pass policy is
 * read before anything changes, each user gets exactly one message carrying exactly the pass Graph
 * issued, and nobody's password changes. Who may issue a pass follows Microsoft's table, not the
 * password matrix.
 */
class GraphTemporaryAccessPassTests {

    static final String OPERATOR = GraphRunTests.OPERATOR;

    static final List<String> NEW_HIRES = List.of("alex.wilber@contoso.com", "lidia.holloway@contoso.com",
            "joni.sherman@contoso.com", "lee.gu@contoso.com", "nestor.wilke@contoso.com");

    @RegisterExtension
    static BulkResendFixture fixture = GraphRunTests.contoso();

    @BeforeEach
    void tenant() {
        GraphRunTests.operatorIn(fixture.graph());
        fixture.graph().user(OPERATOR).roles("Authentication Administrator");
        for (String upn : NEW_HIRES) {
            fixture.graph().user(upn).displayName(upn.split("@")[0]).preferredLanguage("en-US")
                .otherMails(upn.split("@")[0] + "@home.example");
        }
    }

    Path input() throws Exception {
        List<String> lines = new ArrayList<>(List.of("userPrincipalName"));
        lines.addAll(NEW_HIRES);
        return Files.write(fixture.work().resolve("new-hires.csv"), lines, StandardCharsets.UTF_8);
    }

    Cli.Result run(String... extra) throws Exception {
        List<String> args = new ArrayList<>(List.of("--chunk-size", "2", "--credential", "tap"));
        args.addAll(Arrays.asList(extra));
        return fixture.run(input(), args.toArray(String[]::new));
    }

    @Test
    void eachUserIsToldOnceTheExactPassGraphIssuedAndNoPasswordChanges() throws Exception {
        Instant before = Instant.now();

        Cli.Result result = run("--tap-lifetime", "8h");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).contains("Passes:   Temporary Access Passes of 8 hours, each usable more than once "
                + "until it ends; passwords are not changed", "Set-up:   https://mysignins.microsoft.com/security-info");
        MimeMessage[] messages = fixture.received();
        assertThat(messages).hasSize(NEW_HIRES.size());
        assertThat(Arrays.stream(messages).map(Mails::to)).doesNotHaveDuplicates();
        Map<String, Reports.Row> rows = new HashMap<>();
        Reports.Report report = Reports.report(result);
        for (String upn : NEW_HIRES) {
            rows.put(upn, report.row(upn));
        }
        for (MimeMessage message : messages) {
            String to = Mails.to(message);
            String upn = to.replace("@home.example", "@contoso.com");
            FakeGraph.IssuedTap tap = fixture.graph().tapOf(upn);
            assertThat(fixture.graph().tapsIssued(upn)).as(upn).isEqualTo(1);
            assertThat(tap.lifetimeInMinutes()).isEqualTo(480);
            assertThat(Mails.password(message)).as("the pass, in the text and the HTML part: %s", upn)
                .isEqualTo(tap.pass());
            assertThat(fixture.graph().resetCount(upn)).as("the password is not changed").isZero();
            assertThat(fixture.graph().userSignsInWithTap(upn, tap.pass())).as("the pass works").isTrue();
            Reports.Row row = rows.get(upn);
            assertThat(row.status()).isEqualTo("NOTIFIED");
            assertThat(row.reason()).isEqualTo("Temporary Access Pass issued and message accepted");
            assertThat(row.cell("credential")).isEqualTo("tap");
            assertThat(Instant.parse(row.cell("expires_at"))).as("the pass's end, as Graph issued it")
                .isEqualTo(tap.expires().truncatedTo(ChronoUnit.SECONDS))
                .isAfter(before.plus(Duration.ofHours(8)).minusSeconds(1));
        }
        assertThat(fixture.graph().requests()).noneSatisfy((r) -> assertThat(r.method()).isEqualTo("PATCH"));
    }

    @Test
    void aPolicyThatMakesEveryPassOneTimeIsSaidInTheSummary() throws Exception {
        fixture.graph().tapPolicy((policy) -> policy.isUsableOnce(true));

        Cli.Result result = run();

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).contains("Passes:   Temporary Access Passes of 1 hour (the policy's default), each "
                + "for one sign-in (the policy makes every pass one-time); passwords are not changed");
        for (String upn : NEW_HIRES) {
            assertThat(fixture.graph().tapOf(upn).isUsableOnce()).as(upn).isTrue();
        }
    }

    @Test
    void tapOnceAsksForOneTimePasses() throws Exception {
        Cli.Result result = run("--tap-once");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).contains("each for one sign-in;");
        FakeGraph.IssuedTap tap = fixture.graph().tapOf("lee.gu@contoso.com");
        assertThat(tap.isUsableOnce()).isTrue();
        assertThat(fixture.graph().userSignsInWithTap("lee.gu@contoso.com", tap.pass())).isTrue();
        assertThat(fixture.graph().userSignsInWithTap("lee.gu@contoso.com", tap.pass())).as("used up").isFalse();
    }

    @Test
    void tapStartAsksForPassesThatStartLaterAndTheMessageSaysFromWhen() throws Exception {
        Instant start = Instant.now().plus(Duration.ofDays(2)).truncatedTo(ChronoUnit.MINUTES);

        Cli.Result result = run("--tap-start", start.toString().replace("Z", "+00:00"), "--time-zone", "UTC");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(fixture.graph().requests()).filteredOn((r) -> r.method().equals("POST")
            && r.path().endsWith("/temporaryAccessPassMethods")).hasSize(NEW_HIRES.size())
            .allSatisfy((r) -> assertThat(r.body()).contains("\"startDateTime\":\"" + start + "\""));
        FakeGraph.IssuedTap tap = fixture.graph().tapOf("lee.gu@contoso.com");
        assertThat(tap.startDateTime()).isEqualTo(start);
        MimeMessage lee = Arrays.stream(fixture.received()).filter((m) -> Mails.to(m).equals("lee.gu@home.example"))
            .findFirst().orElseThrow();
        assertThat(Mails.body(lee)).contains("The pass starts working on "
                + MessageComposer.expiry(start, "en", ZoneId.of("UTC")), MessageComposer.expiry(tap.expires(), "en",
                        ZoneId.of("UTC")));
        assertThat(fixture.graph().userSignsInWithTap("lee.gu@contoso.com", tap.pass())).as("not yet").isFalse();
    }

    @Test
    void aLifetimeOutsideThePolicyIsRefusedBeforeAnyPassNamingTheBounds() throws Exception {
        Cli.Result result = run("--tap-lifetime", "12h");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.err()).contains("--tap-lifetime 12 hours: the Temporary Access Pass policy allows lifetimes "
                + "from 1 hour to 8 hours, and 12 hours is longer. Ask for a lifetime within the policy, or leave "
                + "--tap-lifetime out for its default of 1 hour. Nothing was changed.");
        assertNothingIssued();
    }

    @Test
    void aDisabledPolicyIsRefusedBeforeAnyPass() throws Exception {
        fixture.graph().tapPolicy((policy) -> policy.enabled(false));

        Cli.Result result = run();

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.err()).contains("Temporary Access Passes are disabled in the policy of Microsoft Graph",
                "or use --credential password. Nothing was changed.");
        assertNothingIssued();
    }

    @Test
    void in21VianetThereAreNoPassesAndTheRunIsRefusedBeforeAnyRequestForOne() throws Exception {
        fixture.graph().inCloud("https://microsoftgraph.chinacloudapi.cn");

        Cli.Result result = run("--cloud", "21vianet");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.err()).contains("Microsoft Graph v1.0 in Microsoft Azure operated by 21Vianet (--cloud "
                + "21vianet) does not offer Temporary Access Passes, so no user can be given one: use --credential "
                + "password. Nothing was changed.");
        assertThat(fixture.graph().requests()).noneSatisfy((r) -> assertThat(r.path()).contains("TemporaryAccessPass"));
        assertNothingIssued();
    }

    @Test
    void withoutPermissionToReadThePolicyTheRunIsRefused() throws Exception {
        fixture.graph().appMayReadPolicies(false);

        Cli.Result result = run();

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.err()).contains("Microsoft Graph refused to read the Temporary Access Pass policy",
                "grant the app the application permission Policy.Read.All and give admin consent.");
        assertNothingIssued();
    }

    @Test
    void aPasswordAdministratorIsDeniedEveryPassNamingTheRoleNeeded() throws Exception {
        fixture.graph().user(OPERATOR).roles("Password Administrator");

        Cli.Result result = run();

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        Reports.Report report = Reports.report(result);
        for (String upn : NEW_HIRES) {
            assertThat(report.row(upn).status()).isEqualTo("DENIED_NOT_PERMITTED");
            assertThat(report.row(upn).reason()).contains("Authentication Administrator");
        }
        assertNothingIssued();
    }

    @Test
    void aUserOutsideThePolicyFailsWithGraphsReasonAndTheOthersGetTheirPass() throws Exception {
        fixture.graph().tapPolicyExcludes("joni.sherman@contoso.com");

        Cli.Result result = run();

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        Reports.Row joni = Reports.report(result).row("joni.sherman@contoso.com");
        assertThat(joni.status()).isEqualTo("FAILED_RESET");
        assertThat(joni.reason()).startsWith("Microsoft Graph refused the Temporary Access Pass (badRequest: ");
        assertThat(fixture.received()).hasSize(NEW_HIRES.size() - 1);
    }

    @Test
    void withoutPermissionToManageMethodsEachUserIsDeniedWithGraphsCode() throws Exception {
        fixture.graph().appMayManageAuthenticationMethods(false);

        Cli.Result result = run();

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        Reports.Row lee = Reports.report(result).row("lee.gu@contoso.com");
        assertThat(lee.status()).isEqualTo("DENIED_NOT_PERMITTED");
        assertThat(lee.reason()).contains("accessDenied", "UserAuthenticationMethod.ReadWrite.All");
        assertThat(fixture.received()).isEmpty();
    }

    @Test
    void aDryRunIssuesNothingAndPreviewsThePassMessage() throws Exception {
        Cli.Result result = run("--dry-run");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).contains("users would be given a Temporary Access Pass and told",
                "Passes:   Temporary Access Passes of 1 hour (the policy's default)");
        assertNothingIssued();
        assertThat(fixture.received()).isEmpty();
        Path previews = Path.of(result.out().lines().filter((l) -> l.startsWith("Previews:")).findFirst()
            .orElseThrow().substring("Previews:".length()).strip().split("  ")[0]);
        assertThat(result.out()).contains("with a placeholder where the pass goes");
        List<Path> files;
        try (Stream<Path> listing = Files.list(previews)) {
            files = listing.filter((f) -> f.toString().endsWith(".eml")).toList();
        }
        assertThat(files).hasSize(NEW_HIRES.size()).allSatisfy((file) -> {
            MimeMessage preview = Mails.parse(file);
            assertThat(Mails.password(preview)).isEqualTo(PreviewSequence.PASS_PLACEHOLDER);
            assertThat(preview.getSubject()).startsWith("Your Temporary Access Pass for ");
            assertThat(Mails.body(preview)).contains("The pass works right away and stops working on");
        });
    }

    @Test
    void whenGraphStopsAnsweringTheSameCommandFinishesWithEveryoneHoldingThePassTheyWereToldOnce() throws Exception {
        fixture.graph().dropConnections("POST", "temporaryAccessPassMethods", 2, 100);

        Cli.Result first = run("--bulk-resend.graph.retries=1");

        assertThat(first.exitCode()).as(first.toString()).isEqualTo(3);
        assertThat(first.err()).contains("The directory stopped answering", "they get a fresh pass and a fresh "
                + "message");
        assertThat(fixture.received()).as("the first chunk; the second's batch of passes got no answer").hasSize(2);
        List<String> toldBefore = Arrays.stream(fixture.received()).map(Mails::to).toList();

        Cli.Result other = fixture.run(input(), "--chunk-size", "2", "--credential", "password");
        assertThat(other.exitCode()).as(other.toString()).isEqualTo(2);
        assertThat(other.err()).contains("gives its users Temporary Access Passes, and a run continues with what it "
                + "started with: leave out --credential password to continue it");

        fixture.graph().heal();
        Cli.Result again = fixture.run(input(), "--chunk-size", "2");

        assertThat(again.exitCode()).as(again.toString()).isZero();
        MimeMessage[] all = fixture.received();
        assertThat(Arrays.stream(all).map(Mails::to)).as("nobody told twice").hasSize(NEW_HIRES.size())
            .doesNotHaveDuplicates();
        for (String to : toldBefore) {
            assertThat(fixture.graph().tapsIssued(to.replace("@home.example", "@contoso.com")))
                .as("told, so not issued again: %s", to).isEqualTo(1);
        }
        for (MimeMessage message : all) {
            String upn = Mails.to(message).replace("@home.example", "@contoso.com");
            assertThat(Mails.password(message)).as(upn).isEqualTo(fixture.graph().tapOf(upn).pass());
            assertThat(fixture.graph().resetCount(upn)).as(upn).isZero();
        }
    }

    @Test
    void noPassIsAtRestOrPrinted() throws Exception {
        fixture.graph().tapPolicyExcludes("joni.sherman@contoso.com");

        Cli.Result result = run("--tap-lifetime", "2h");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        List<String> passes = new ArrayList<>();
        for (String upn : NEW_HIRES) {
            FakeGraph.IssuedTap tap = fixture.graph().tapOf(upn);
            if (tap != null) {
                passes.add(tap.pass());
            }
        }
        // Counted, not listed: a failing assertion must not print them either.
        assertThat(passes).hasSize(NEW_HIRES.size() - 1);
        assertThat(AtRest.assertNoneOf(passes, result, fixture.cli().dataDir(), fixture.cli().outDir()))
            .anyMatch((f) -> f.toString().endsWith(".script"))
            .anyMatch((f) -> f.toString().endsWith(".log"))
            .anyMatch((f) -> f.toString().endsWith("-report.csv"))
            .anyMatch((f) -> f.toString().endsWith("-report.html"));
    }

    @Test
    void followupCountsWhoSetUpASignInMethodAndExpireRevokesTheOtherPassesForAResendToReplace() throws Exception {
        fixture.graph().tapPolicy((policy) -> policy.lifetimes(60, 60, 4320));
        Cli.Result run = run("--tap-lifetime", "3d");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        fixture.graph().user("alex.wilber@contoso.com").registersAuthenticator();
        fixture.graph().user("lee.gu@contoso.com").registersPasskey();
        new EmbeddedDatabase(fixture.cli().dataDir()).timePasses(Duration.ofHours(25));

        Cli.Result followup = command("followup", "--older-than", "1d");

        assertThat(followup.exitCode()).as(followup.toString()).isZero();
        assertThat(followup.out()).contains("3 users told a Temporary Access Pass more than 1d ago have not set up a "
                + "sign-in method yet:", "joni.sherman@contoso.com", "2 more have made theirs their own")
            .doesNotContain("alex.wilber@contoso.com ");
        assertThat(fixture.graph().requests()).anySatisfy((r) -> assertThat(r.path())
            .endsWith("/authentication/methods"));

        Cli.Result expire = command("expire", "--revoke-unused");

        assertThat(expire.exitCode()).as(expire.toString()).isZero();
        assertThat(expire.out()).contains("No temporary password is past its expiry unused.",
                "Revoked 3 unused Temporary Access Passes before their end (status EXPIRED):",
                "'followup --resend' sends one.");
        for (String upn : List.of("lidia.holloway@contoso.com", "joni.sherman@contoso.com",
                "nestor.wilke@contoso.com")) {
            assertThat(fixture.graph().tapOf(upn)).as(upn).isNull();
        }
        assertThat(fixture.graph().tapOf("alex.wilber@contoso.com")).as("set up: left alone").isNotNull();
        EmbeddedDatabase database = new EmbeddedDatabase(fixture.cli().dataDir());
        assertThat(database.query("SELECT TARGET FROM AUDIT_EVENT WHERE ACTION = 'REVOKE_PASS'")).hasSize(3);

        Cli.Result resend = command("followup", "--older-than", "1d", "--resend", "--chunk-size", "2");

        assertThat(resend.exitCode()).as(resend.toString()).isZero();
        assertThat(resend.out()).contains("Passes:   Temporary Access Passes");
        for (String upn : List.of("lidia.holloway@contoso.com", "joni.sherman@contoso.com",
                "nestor.wilke@contoso.com")) {
            FakeGraph.IssuedTap tap = fixture.graph().tapOf(upn);
            assertThat(tap).as(upn).isNotNull();
            assertThat(fixture.graph().tapsIssued(upn)).as(upn).isEqualTo(2);
            assertThat(fixture.graph().resetCount(upn)).as(upn).isZero();
        }
        assertThat(fixture.received()).hasSize(NEW_HIRES.size() + 3);
        assertThat(fixture.graph().tapsIssued("alex.wilber@contoso.com")).isEqualTo(1);
    }

    Cli.Result command(String command, String... extra) {
        return fixture.graphCommand(OPERATOR, command, extra);
    }

    private void assertNothingIssued() {
        for (String upn : NEW_HIRES) {
            assertThat(fixture.graph().tapsIssued(upn)).as(upn).isZero();
            assertThat(fixture.graph().resetCount(upn)).as(upn).isZero();
        }
    }
}
