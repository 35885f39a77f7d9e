package org.bulkresend.directory.internal;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import jakarta.mail.internet.MimeMessage;
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
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole command with {@code --directory graph}, against a local Microsoft Graph and token
 * endpoint over real HTTP, and a real SMTP server: what an admin of a Microsoft 365 tenant sees.
 */
class GraphRunTests {

    static final String TENANT = "8f2d1c4e-3b6a-4d9e-9c1f-2a7b5e0d4c31";

    static final String CLIENT = "5b0e7c2a-91d4-4f3e-8a6b-c1d2e3f4a5b6";

    static final String SECRET = "Xq8~bulk.resend-Secret_Value~2026";

    static final String OPERATOR = "megan.bowen@contoso.com";

    @RegisterExtension
    static BulkResendFixture fixture = contoso();

    /** The Contoso tenant's Graph, sending as its helpdesk, run by {@link #OPERATOR}. */
    static BulkResendFixture contoso() {
        return BulkResendFixture.withGraph(TENANT, CLIENT, SECRET).sender("helpdesk@contoso.com").operator(OPERATOR, null);
    }

    /** The operator, a User Administrator with a mailbox; the app may not reset admins. */
    static void operatorIn(FakeGraph graph) {
        graph.appMayResetAdmins(false);
        graph.user(OPERATOR).displayName("Megan Bowen").preferredLanguage("en-US").mail(OPERATOR)
            .roles("User Administrator");
    }

    @BeforeEach
    void tenant() {
        operatorIn(fixture.graph());
    }

    FakeGraph.User newHire(String upn, String name, String language, String otherMail) {
        return fixture.graph().user(upn).displayName(name).preferredLanguage(language)
            .otherMails((otherMail != null) ? new String[] { otherMail } : new String[0]);
    }

    Path input(String... rows) throws Exception {
        Path input = fixture.work().resolve("new-hires.csv");
        List<String> lines = new ArrayList<>();
        lines.add("userPrincipalName,alternateEmail");
        lines.addAll(Arrays.asList(rows));
        Files.write(input, lines, StandardCharsets.UTF_8);
        return input;
    }

    /** Six users in the tenant and in the input: two chunks of three. */
    Path sixNewHires() throws Exception {
        List<String> rows = new ArrayList<>();
        for (int i = 1; i <= 6; i++) {
            newHire("user" + i + "@contoso.com", "User " + i, "en-US", "user" + i + "@home.example");
            rows.add("user" + i + "@contoso.com,");
        }
        return input(rows.toArray(String[]::new));
    }

    /** Through Graph and GreenMail, in chunks of 3, as {@link #OPERATOR} unless {@code extra} names another. */
    Cli.Result run(Path input, String... extra) throws Exception {
        List<String> args = new ArrayList<>(List.of("--chunk-size", "3"));
        args.addAll(Arrays.asList(extra));
        return fixture.run(input, args.toArray(String[]::new));
    }

    @Test
    void resetsThroughGraphAndTellsEachUserTheirNewPasswordAtTheAddressTheyCanRead() throws Exception {
        newHire("alex.wilber@contoso.com", "Alex Wilber", "it-IT", "alex.w@gmail.example");
        newHire("lidia.holloway@contoso.com", "Lidia Holloway", null, "lidia@outlook.example");
        newHire("joni.sherman@contoso.com", "Joni Sherman", "ja-JP", null);
        newHire("lee.gu@contoso.com", "Lee Gu", "sv-SE", "lee@home.example");

        Cli.Result result = run(input("alex.wilber@contoso.com,", "lidia.holloway@contoso.com,",
                "joni.sherman@contoso.com,joni@family.example", "lee.gu@contoso.com,"));

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).contains("Directory: Microsoft Graph " + fixture.graph().url() + " (tenant " + TENANT);
        MimeMessage[] messages = fixture.received();
        assertThat(messages).hasSize(4);
        for (MimeMessage message : messages) {
            String upn = Mails.account(message);
            assertThat(Mails.password(message)).as("the password Graph holds for %s", upn)
                .isEqualTo(fixture.graph().passwordOf(upn));
            assertThat(fixture.graph().forcedChange(upn)).isTrue();
            assertThat(fixture.graph().resetCount(upn)).isEqualTo(1);
        }
        assertThat(Arrays.stream(messages).map(Mails::to)).containsExactlyInAnyOrder("alex.w@gmail.example",
                "lidia@outlook.example", "joni@family.example", "lee@home.example");
        MimeMessage alex = Arrays.stream(messages).filter((m) -> Mails.to(m).equals("alex.w@gmail.example"))
            .findFirst().orElseThrow();
        assertThat(alex.getHeader("Content-Language")[0]).as("Graph's preferredLanguage").isEqualTo("it");
        assertThat(fixture.graph().resetCount(OPERATOR)).isZero();
    }

    @Test
    void noPasswordNorTheClientSecretIsAtRestOrPrinted() throws Exception {
        Path input = sixNewHires();
        fixture.graph().throttle("PATCH", 2, 1);
        fixture.graph().banPasswords("user6@contoso.com");

        Cli.Result result = run(input);

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        List<String> secrets = new ArrayList<>(List.of(SECRET));
        for (MimeMessage message : fixture.received()) {
            secrets.add(Mails.password(message));
        }
        // Counted, not listed: a failing assertion must not print them either.
        assertThat(secrets).hasSize(6);
        AtRest.assertNoneInRun(secrets, result, fixture.cli());
    }

    /**
     * The token names Graph's own resource for the tenant's cloud, never the address Graph is reached at:
     * here a local server, as a proxy would be. Entra ID refuses any other ({@code AADSTS500011}).
     */
    @Test
    void theTokenIsAskedForTheCloudsGraphWhateverAddressGraphIsReachedAt() throws Exception {
        newHire("alex.wilber@contoso.com", "Alex Wilber", "en-US", "alex.w@gmail.example");
        fixture.graph().inCloud("https://graph.microsoft.us");

        Cli.Result result = run(input("alex.wilber@contoso.com,"), "--cloud", "usgov");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        List<String> tokenRequests = fixture.graph().requests().stream()
            .filter((r) -> r.path().endsWith("/oauth2/v2.0/token"))
            .map(FakeGraph.Recorded::body)
            .toList();
        assertThat(tokenRequests).hasSize(1);
        // Only the scope parameter: the body also holds the client secret, which no failure may print.
        String scope = java.net.URLDecoder.decode(tokenRequests.get(0).replaceAll("(^|.*&)scope=([^&]*).*", "$2"),
                StandardCharsets.UTF_8);
        assertThat(scope.split(" ")).as("Graph's resource in the cloud, and the OpenID Connect scopes Microsoft's "
                + "library adds to every grant").containsExactlyInAnyOrder("https://graph.microsoft.us/.default",
                        "openid", "profile", "offline_access");
        assertThat(fixture.received()).hasSize(1);
    }

    @Test
    void everyRequestHasTheShapeGraphDocuments() throws Exception {
        newHire("alex.wilber@contoso.com", "Alex Wilber", "en-US", "alex.w@gmail.example");

        Cli.Result result = run(input("alex.wilber@contoso.com,"));

        assertThat(result.exitCode()).as(result.toString()).isZero();
        List<FakeGraph.Recorded> requests = fixture.graph().requests();
        FakeGraph.Recorded token = requests.stream().filter((r) -> r.path().endsWith("/oauth2/v2.0/token"))
            .findFirst().orElseThrow();
        assertThat(token.method()).isEqualTo("POST");
        assertThat(token.path()).isEqualTo("/" + TENANT + "/oauth2/v2.0/token");
        assertThat(token.header("Content-Type")).startsWith("application/x-www-form-urlencoded");
        assertThat(token.body()).contains("grant_type=client_credentials", "client_id=" + CLIENT,
                "scope=" + java.net.URLEncoder.encode("https://graph.microsoft.com/.default", StandardCharsets.UTF_8));
        assertThat(fixture.graph().tokensIssued()).as("one token, cached for the whole run").isEqualTo(1);

        List<FakeGraph.Recorded> graphCalls = requests.stream().filter((r) -> r.path().startsWith("/v1.0/")).toList();
        assertThat(graphCalls.stream().filter((r) -> !r.batched())).allSatisfy((r) -> {
            assertThat(r.header("Authorization")).startsWith("Bearer ");
            assertThat(r.header("client-request-id")).isNotBlank();
        });
        FakeGraph.Recorded lookUp = graphCalls.stream()
            .filter((r) -> r.method().equals("GET") && r.path().contains("alex.wilber") && !r.path().contains("member"))
            .findFirst().orElseThrow();
        assertThat(lookUp.batched()).as("a chunk's users are looked up in a $batch").isTrue();
        assertThat(requests).anySatisfy((r) -> assertThat(r.path()).isEqualTo("/v1.0/$batch"));
        assertThat(lookUp.query("$select"))
            .isEqualTo("id,userPrincipalName,displayName,accountEnabled,preferredLanguage,otherMails,mail,"
                    + "lastPasswordChangeDateTime");
        assertThat(graphCalls).anySatisfy((r) -> assertThat(r.path())
            .endsWith("/transitiveMemberOf/microsoft.graph.directoryRole").contains("alex.wilber"));

        FakeGraph.Recorded patch = graphCalls.stream().filter((r) -> r.method().equals("PATCH")).findFirst().orElseThrow();
        assertThat(patch.path()).as("by object id").isEqualTo("/v1.0/users/" + fixture.graph().user("alex.wilber@contoso.com").id());
        assertThat(patch.header("Content-Type")).startsWith("application/json");
        JsonNode body = JsonMapper.builder().build().readTree(patch.body());
        assertThat(body.size()).isEqualTo(1);
        assertThat(body.path("passwordProfile").path("forceChangePasswordNextSignIn").asBoolean()).isTrue();
        assertThat(body.path("passwordProfile").path("password").asString())
            .isEqualTo(fixture.graph().passwordOf("alex.wilber@contoso.com"));
        assertThat(patch.status()).isEqualTo(204);
    }

    @Test
    void eachGraphRefusalEndsInItsOwnStatusWithGraphsReason() throws Exception {
        newHire("alex.wilber@contoso.com", "Alex Wilber", "en-US", "alex.w@gmail.example");
        newHire("grady.archie@contoso.com", "Grady Archie", "en-US", "grady@home.example").accountEnabled(false);
        newHire("pradeep.gupta@contoso.com", "Pradeep Gupta", "en-US", "pradeep@home.example")
            .roles("Authentication Administrator");
        newHire("isaiah.langer@contoso.com", "Isaiah Langer", "en-US", "isaiah@home.example");
        fixture.graph().banPasswords("isaiah.langer@contoso.com");
        newHire("diego.siciliani@contoso.com", "Diego Siciliani", "en-US", "diego@home.example")
            .roles("Exchange Administrator");

        Cli.Result result = run(input("alex.wilber@contoso.com,", "nobody@contoso.com,nobody@home.example",
                "grady.archie@contoso.com,", "pradeep.gupta@contoso.com,", "isaiah.langer@contoso.com,",
                "diego.siciliani@contoso.com,"));

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        Map<String, List<String>> report = Reports.read(result);
        assertThat(report.get("2").get(4)).isEqualTo("NOTIFIED");
        assertThat(report.get("3").get(4)).isEqualTo("REJECTED_UNKNOWN_USER");
        assertThat(report.get("4").get(4)).isEqualTo("REJECTED_NOT_ACTIVE");
        assertThat(report.get("4").get(5)).contains("blocked from signing in");
        assertThat(report.get("5").get(4)).as("the access matrix, before any change").isEqualTo("DENIED_NOT_PERMITTED");
        assertThat(report.get("5").get(5)).contains("Authentication Administrator");
        assertThat(report.get("6").get(4)).isEqualTo("FAILED_RESET");
        assertThat(report.get("6").get(5)).contains("Request_BadRequest", "password complexity");
        assertThat(report.get("7").get(4)).as("Graph's own 403 on an admin the matrix does not know")
            .isEqualTo("DENIED_NOT_PERMITTED");
        assertThat(report.get("7").get(5)).contains("Authorization_RequestDenied");
        assertThat(fixture.graph().resetCount("pradeep.gupta@contoso.com")).isZero();
        assertThat(fixture.graph().requests()).noneMatch((r) -> r.method().equals("PATCH")
                && r.path().endsWith("/" + fixture.graph().user("pradeep.gupta@contoso.com").id()));
        assertThat(fixture.received()).hasSize(1);
    }

    @Test
    void throttlingSlowsTheRunDownInsteadOfFailingIt() throws Exception {
        Path input = sixNewHires();
        fixture.graph().throttle("PATCH", 4, 1);

        Cli.Result result = run(input);

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(fixture.received()).hasSize(6);
        assertThat(fixture.graph().requests().stream().filter((r) -> r.status() == 429)).hasSize(4);
        for (int i = 1; i <= 6; i++) {
            assertThat(fixture.graph().resetCount("user" + i + "@contoso.com")).isEqualTo(1);
        }
    }

    @Test
    void anExpiredTokenIsRenewedMidRun() throws Exception {
        Path input = sixNewHires();
        fixture.graph().expireTokensAfterResets(2);

        Cli.Result result = run(input);

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(fixture.received()).hasSize(6);
        assertThat(fixture.graph().tokensIssued()).isEqualTo(2);
        assertThat(fixture.graph().requests().stream().filter((r) -> r.status() == 401)).hasSize(1);
    }

    @Test
    void resetsGoInBatchesAndAThrottledResetInsideOneIsSentAgainAloneNeverTheOthers() throws Exception {
        Path input = sixNewHires();
        fixture.graph().throttle("PATCH", 2, 1);

        Cli.Result result = fixture.run(input, "--chunk-size", "6");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(fixture.received()).hasSize(6);
        for (int i = 1; i <= 6; i++) {
            assertThat(fixture.graph().resetCount("user" + i + "@contoso.com")).as("user %d reset once", i)
                .isEqualTo(1);
        }
        for (MimeMessage message : fixture.received()) {
            assertThat(Mails.password(message)).isEqualTo(fixture.graph().passwordOf(Mails.account(message)));
        }
        List<FakeGraph.Recorded> patches = fixture.graph().requests().stream()
            .filter((r) -> r.method().equals("PATCH")).toList();
        assertThat(patches).as("6 resets, 2 of them throttled and sent again").hasSize(8)
            .allSatisfy((r) -> assertThat(r.batched()).isTrue());
        assertThat(patches.stream().filter((r) -> r.status() == 429)).hasSize(2);
        assertThat(patches.subList(6, 8)).as("only the throttled ones, in a batch of their own")
            .allSatisfy((r) -> assertThat(r.status()).isEqualTo(204));
    }

    @Test
    void theWriteRateHoldsTheResetsBack() throws Exception {
        Path input = sixNewHires();
        long started = System.nanoTime();

        Cli.Result result = fixture.run(input, "--chunk-size", "6", "--graph-write-rate", "2/s");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("2 at once, then 4 more at 2 a second")
            .isGreaterThanOrEqualTo(Duration.ofSeconds(2));
        assertThat(fixture.received()).hasSize(6);

        Cli.Result wrong = run(input, "--graph-write-rate", "fast");
        assertThat(wrong.exitCode()).isEqualTo(2);
        assertThat(wrong.err()).contains("--graph-write-rate: 'fast' is not a rate");
    }

    @Test
    void whenGraphStopsAnsweringTheRunStopsAndTheSameCommandFinishesWithNobodyToldTwice() throws Exception {
        Path input = sixNewHires();
        fixture.graph().dropConnections("PATCH", 4, 100);

        Cli.Result first = run(input, "--bulk-resend.graph.retries=1");

        assertThat(first.exitCode()).as(first.toString()).isEqualTo(3);
        assertThat(first.err()).contains("The directory stopped answering", "Run the same command again");
        assertThat(fixture.received()).as("the first chunk; the second's batch of resets got no answer").hasSize(3);
        EmbeddedDatabase database = new EmbeddedDatabase(fixture.cli().dataDir());
        assertThat(database.query("SELECT USER_PRINCIPAL_NAME FROM RESEND_LEDGER WHERE STATUS = 'RESET_NOT_NOTIFIED'"))
            .hasSize(3);

        fixture.graph().heal();
        Cli.Result second = run(input);

        assertThat(second.exitCode()).as(second.toString()).isZero();
        MimeMessage[] all = fixture.received();
        assertThat(all).hasSize(6);
        assertThat(Arrays.stream(all).map(Mails::to).distinct()).as("nobody told twice").hasSize(6);
        for (int i = 1; i <= 6; i++) {
            String upn = "user" + i + "@contoso.com";
            assertThat(fixture.graph().resetCount(upn)).as("nobody told was reset again: %s", upn).isEqualTo(1);
        }
        for (MimeMessage message : all) {
            assertThat(Mails.password(message)).isEqualTo(fixture.graph().passwordOf(Mails.account(message)));
        }
    }

    @Test
    void withMailGraphTheMessagesGoOutThroughSendMailFromTheHelpdeskMailbox() throws Exception {
        fixture.graph().user("helpdesk@contoso.com").mail("helpdesk@contoso.com");
        newHire("alex.wilber@contoso.com", "Alex Wilber", "fr-FR", "alex.w@gmail.example");
        newHire("lee.gu@contoso.com", "Lee Gu", "en-US", "lee@home.example");

        Cli.Result result = run(input("alex.wilber@contoso.com,", "lee.gu@contoso.com,"), "--mail", "graph");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).contains("Messages: Microsoft Graph sendMail from helpdesk@contoso.com");
        assertThat(fixture.received()).as("nothing through SMTP").isEmpty();
        List<FakeGraph.SentMail> sent = fixture.graph().sent();
        assertThat(sent).hasSize(2).allSatisfy((mail) -> assertThat(mail.sender()).isEqualTo("helpdesk@contoso.com"));
        for (FakeGraph.SentMail mail : sent) {
            String upn = Mails.account(mail.mime());
            assertThat(Mails.password(mail.mime())).isEqualTo(fixture.graph().passwordOf(upn));
            assertThat(Mails.html(mail.mime())).as("both parts travel").contains("<code");
        }
        FakeGraph.Recorded post = fixture.graph().requests().stream().filter((r) -> r.path().endsWith("/sendMail"))
            .findFirst().orElseThrow();
        assertThat(post.path()).isEqualTo("/v1.0/users/helpdesk@contoso.com/sendMail");
        assertThat(post.header("Content-Type")).startsWith("text/plain");
        assertThat(post.status()).isEqualTo(202);
        assertThat(Reports.read(result).get("2").get(4)).isEqualTo("NOTIFIED");
    }

    /** Eight users in the tenant and in the input, and the helpdesk's mailbox to send from. */
    Path eightNewHiresAndTheHelpdeskMailbox() throws Exception {
        fixture.graph().user("helpdesk@contoso.com").mail("helpdesk@contoso.com");
        List<String> rows = new ArrayList<>();
        for (int i = 1; i <= 8; i++) {
            newHire("user" + i + "@contoso.com", "User " + i, "en-US", "user" + i + "@home.example");
            rows.add("user" + i + "@contoso.com,");
        }
        return input(rows.toArray(String[]::new));
    }

    /**
     * Exchange Online lets one mailbox take 4 requests at once: the messages go 4 at a time, not one
     * after another, and each user's outcome is still recorded.
     */
    @Test
    void withMailGraphUpToFourMessagesGoAtOnceFromTheMailbox() throws Exception {
        Path input = eightNewHiresAndTheHelpdeskMailbox();
        // Slow enough that the first four are answered side by side on any machine.
        fixture.graph().latency(Duration.ofSeconds(1), Duration.ZERO);

        Cli.Result result = fixture.run(input, "--chunk-size", "8", "--mail", "graph");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(fixture.graph().maxConcurrentRequests()).as("4 messages at once, never more").isEqualTo(4);
        List<FakeGraph.SentMail> sent = fixture.graph().sent();
        assertThat(sent.stream().map((mail) -> Mails.account(mail.mime()))).hasSize(8).doesNotHaveDuplicates();
        Reports.Report report = Reports.report(result);
        for (int i = 1; i <= 8; i++) {
            assertThat(report.row("user" + i + "@contoso.com").status()).isEqualTo("NOTIFIED");
        }
    }

    @Test
    void realAccountsAreNeverResetWithTheirMessagesLeftInALocalFolderUnlessTheAdminAsks() throws Exception {
        newHire("alex.wilber@contoso.com", "Alex Wilber", "en-US", "alex.w@gmail.example");
        List<String> args = new ArrayList<>(List.of("run", "--input", input("alex.wilber@contoso.com,").toString()));
        args.addAll(fixture.graphOptions());
        args.addAll(List.of("--operator", OPERATOR));

        Cli.Result result = fixture.cli().run(args.toArray(String[]::new));

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.err()).contains("Say how the messages leave", "--smtp-host", "--mail graph",
                "--mail outbox", "Nothing was changed.");
        assertThat(fixture.graph().requests()).noneMatch((r) -> r.method().equals("PATCH"));
        assertThat(fixture.cli().outDir().resolve("outbox")).doesNotExist();

        args.addAll(List.of("--mail", "outbox"));
        Cli.Result asked = fixture.cli().run(args.toArray(String[]::new));

        assertThat(asked.exitCode()).as(asked.toString()).isZero();
        assertThat(asked.out()).contains("Messages: outbox folder");
        try (java.util.stream.Stream<Path> files = Files.list(fixture.cli().outDir().resolve("outbox"))) {
            assertThat(files.count()).isEqualTo(1);
        }
    }

    @Test
    void withMailGraphMessagesGraphDidNotTakeAreRecordedAndTheSameCommandTellsThoseUsersOnce() throws Exception {
        Path input = eightNewHiresAndTheHelpdeskMailbox();
        fixture.graph().dropConnections("POST", "sendMail", 2, 1000);

        Cli.Result first = fixture.run(input, "--chunk-size", "8", "--mail", "graph",
                "--bulk-resend.graph.retries=1");

        assertThat(first.exitCode()).as(first.toString()).isEqualTo(3);
        assertThat(fixture.graph().sent()).as("the two Graph took before it stopped answering").hasSize(2);
        EmbeddedDatabase database = new EmbeddedDatabase(fixture.cli().dataDir());
        assertThat(database.query("SELECT * FROM RESEND_LEDGER WHERE STATUS = 'NOTIFIED'")).hasSize(2);
        assertThat(database.query("SELECT * FROM RESEND_LEDGER WHERE STATUS = 'RESET_NOT_NOTIFIED'")).hasSize(6);

        fixture.graph().heal();
        Cli.Result second = fixture.run(input, "--chunk-size", "8", "--mail", "graph");

        assertThat(second.exitCode()).as(second.toString()).isZero();
        List<FakeGraph.SentMail> sent = fixture.graph().sent();
        assertThat(sent.stream().map((mail) -> Mails.account(mail.mime()))).as("each told once").hasSize(8)
            .doesNotHaveDuplicates();
        for (FakeGraph.SentMail mail : sent) {
            assertThat(Mails.password(mail.mime())).isEqualTo(fixture.graph().passwordOf(Mails.account(mail.mime())));
        }
    }

    @Test
    void withMailGraphAnUnknownSendingMailboxStopsTheRunBeforeAnyReset() throws Exception {
        newHire("alex.wilber@contoso.com", "Alex Wilber", "en-US", "alex.w@gmail.example");

        Cli.Result result = run(input("alex.wilber@contoso.com,"), "--mail", "graph");

        assertThat(result.exitCode()).as("a refused route is a setting to fix\n" + result).isEqualTo(2);
        assertThat(result.err()).contains("The sending mailbox helpdesk@contoso.com is not known to Microsoft Graph",
                "Nothing was changed.");
        assertThat(fixture.graph().requests()).noneMatch((r) -> r.method().equals("PATCH"));
    }

    @Test
    void theOperatorMustBeAnEnabledAdminWhoMayResetPasswords() throws Exception {
        fixture.graph().user("reader@contoso.com").roles("Reports Reader");
        newHire("alex.wilber@contoso.com", "Alex Wilber", "en-US", "alex.w@gmail.example");
        Path input = input("alex.wilber@contoso.com,");

        Cli.Result reader = run(input, "--operator", "reader@contoso.com");
        Cli.Result unknown = run(input, "--operator", "ghost@contoso.com");

        assertThat(reader.exitCode()).isEqualTo(2);
        assertThat(reader.err()).contains("holds no role that may reset passwords", "Nothing was changed.");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).contains("ghost@contoso.com is not in the directory");
        assertThat(fixture.graph().requests()).noneMatch((r) -> r.method().equals("PATCH"));
        assertThat(fixture.cli().run("audit").out()).contains("reader@contoso.com", "REFUSED");
    }

    @Test
    void aWrongSecretOrTenantIsNamedBeforeAnythingChanges() throws Exception {
        newHire("alex.wilber@contoso.com", "Alex Wilber", "en-US", "alex.w@gmail.example");
        Path input = input("alex.wilber@contoso.com,");
        fixture.graph().removeSecrets().secret("another secret");

        Cli.Result wrongSecret = run(input);

        assertThat(wrongSecret.exitCode()).isEqualTo(2);
        assertThat(wrongSecret.err()).contains("AADSTS7000215", "not its Secret ID", "Nothing was changed.")
            .doesNotContain(SECRET, "Exception", "\tat ");
        assertThat(fixture.graph().requests()).noneMatch((r) -> r.method().equals("PATCH"));
    }

    @Test
    void theClientSecretIsNeverTakenOnTheCommandLine() throws Exception {
        Cli.Result result = fixture.cli().run("run", "--input", input("a@contoso.com,").toString(), "--directory",
                "graph", "--client-secret", SECRET);
        Cli.Result property = fixture.cli().run("run", "--input", input("a@contoso.com,").toString(), "--directory",
                "graph", "--bulk-resend.graph.client-secret=" + SECRET);

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("--client-secret is not taken on the command line",
                "BULK_RESEND_GRAPH_CLIENT_SECRET").doesNotContain(SECRET);
        assertThat(property.exitCode()).isEqualTo(2);
        assertThat(property.err()).contains("is not taken on the command line");
    }

    @Test
    void missingGraphSettingsAreNamed() throws Exception {
        Cli.Result result = fixture.cli().run("run", "--input", input("a@contoso.com,").toString(), "--directory",
                "graph", "--operator", OPERATOR);

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("--directory graph needs the tenant: give --tenant-id");
    }
}
