package org.bulkresend.job;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.internet.MimeMessage;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.bulkresend.BulkResendApplication;
import org.bulkresend.address.EmailAddresses;
import org.bulkresend.directory.AccountState;
import org.bulkresend.directory.AdminRole;
import org.bulkresend.directory.DirectoryUser;
import org.bulkresend.directory.internal.JdbcDirectory;
import org.bulkresend.input.InputFile;
import org.bulkresend.ledger.Ledger;
import org.bulkresend.ledger.LedgerEntry;
import org.bulkresend.ledger.Status;
import org.bulkresend.notify.MailChannelUnavailableException;
import org.bulkresend.notify.MailRoute;
import org.bulkresend.password.PasswordHashing;
import org.bulkresend.report.ReportWriter;
import org.bulkresend.run.DryRunner;
import org.bulkresend.run.RunRequest;
import org.bulkresend.support.Mails;
import org.bulkresend.support.SmtpRelay;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.test.JobOperatorTestUtils;
import org.springframework.batch.test.context.SpringBatchTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The job's steps run by Spring Batch's own test support ({@link JobOperatorTestUtils}) in the
 * application's context: the embedded directory and the ledger in a real HSQLDB file database,
 * the real JDBC job repository, and a real SMTP server (GreenMail) behind a relay that can go
 * down. Each test has users and an input file of its own, so the tests share one context.
 */
@SpringBootTest(classes = BulkResendApplication.class)
@SpringBatchTest
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class ResendStepsTests {

    static final String OPERATOR = "step.operator@contoso.example";

    static final String FROM = "helpdesk@contoso.example";

    static final PasswordEncoder HASHES = PasswordHashing.encoder(4);

    @TempDir
    static Path work;

    @RegisterExtension
    static GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    @DynamicPropertySource
    static void dataDirectory(DynamicPropertyRegistry registry) {
        registry.add("bulk-resend.data-dir", () -> work.resolve("data").toString());
        registry.add("bulk-resend.out-dir", () -> work.resolve("out").toString());
        registry.add("bulk-resend.chunk-size", () -> "2");
        registry.add("bulk-resend.passwords.hash-cost", () -> "4");
        registry.add("bulk-resend.mail.retry.retries", () -> "2");
        registry.add("bulk-resend.mail.retry.delay", () -> "20ms");
        registry.add("bulk-resend.mail.retry.max-delay", () -> "40ms");
    }

    @Autowired
    JobOperatorTestUtils jobOperatorTestUtils;

    @Autowired
    JdbcDirectory directory;

    @Autowired
    Ledger ledger;

    @Autowired
    DryRunner dryRunner;

    @Autowired
    JdbcClient jdbc;

    SmtpRelay relay;

    @BeforeEach
    void operatorAndMailServer() throws IOException {
        this.directory.upsert(new DirectoryUser(OPERATOR, "Step Operator", null, null, AccountState.ACTIVE,
                Set.of(AdminRole.GLOBAL_ADMINISTRATOR), null, "operator@example.net", "en", false, null));
        this.relay = new SmtpRelay(greenMail.getSmtp().getPort());
    }

    @AfterEach
    void closeRelay() throws IOException {
        this.relay.close();
    }

    // Helpers

    static String upn(String group, int i) {
        return group + "." + i + "@contoso.example";
    }

    static String alternate(String group, int i) {
        return group + "." + i + "@example.net";
    }

    /** Users group.0 to group.(count-1), active, each with an alternate address of their own. */
    void users(String group, int count) {
        for (int i = 0; i < count; i++) {
            this.directory.upsert(new DirectoryUser(upn(group, i), "User " + group + " " + i, null, null,
                    AccountState.ACTIVE, Set.of(), null, alternate(group, i), "en", false, null));
        }
    }

    static Path input(String name, String... principalNames) throws IOException {
        return Files.writeString(work.resolve(name + ".csv"),
                "userPrincipalName\n" + String.join("\n", principalNames) + "\n", StandardCharsets.UTF_8);
    }

    /** The parameters the runner gives a new run of this file, its messages through the relay. */
    JobParameters parameters(Path input) {
        String name = input.getFileName().toString().replace(".csv", "");
        return ResendJobParameters.withRoute(new JobParametersBuilder()
            .addString(ResendJobParameters.INPUT_SHA256, InputFile.of(input).sha256())
            .addLong(ResendJobParameters.RUN_SEQUENCE, 0L)
            .addString(ResendJobParameters.INPUT_PATH, input.toString(), false)
            .addString(ResendJobParameters.REPORT_PATH, work.resolve("out/reports/" + name + "-report.csv").toString(),
                    false)
            .addString(ResendJobParameters.RESEND_NOTIFIED, "false", false)
            .addString(ResendJobParameters.USE_SUPPLIED_PASSWORDS, "false", false)
            .addString(ResendJobParameters.OPERATOR, OPERATOR, false)
            .addString(ResendJobParameters.FIRST_OPERATOR, OPERATOR, false)
            .addString(ResendJobParameters.PASSWORD_TTL, "", false),
                MailRoute.smtp("127.0.0.1", this.relay.port(), FROM)).toJobParameters();
    }

    /**
     * The step executions of a job execution. Not methods of the test class: Spring Batch's step and
     * job scope listeners take any method of it that returns a StepExecution or a JobExecution as the
     * factory of the test's own execution.
     */
    static final class Steps {

        private Steps() {
        }

        static StepExecution named(JobExecution execution, String name) {
            return execution.getStepExecutions().stream().filter((s) -> s.getStepName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no step " + name + " in " + execution.getStepExecutions()));
        }

        static List<String> names(JobExecution execution) {
            return execution.getStepExecutions().stream().map(StepExecution::getStepName).toList();
        }
    }

    Map<Long, LedgerEntry> ledger(long run) {
        Map<Long, LedgerEntry> entries = new HashMap<>();
        this.ledger.forEachEntry(run, (entry) -> entries.put(entry.line(), entry));
        return entries;
    }

    String passwordHash(String userPrincipalName) {
        return this.jdbc.sql("SELECT PASSWORD_HASH FROM DIRECTORY_USER WHERE UPN_KEY = ?")
            .param(userPrincipalName.toLowerCase())
            .query(String.class)
            .optional()
            .orElse(null);
    }

    /** Successful resets of each user in the audit trail, in any run. */
    Map<String, Long> resets(String group) {
        Map<String, Long> resets = new HashMap<>();
        this.jdbc.sql("SELECT TARGET, COUNT(*) AS N FROM AUDIT_EVENT WHERE ACTION = 'RESET' AND OUTCOME = 'SUCCEEDED' "
                + "AND TARGET LIKE ? GROUP BY TARGET")
            .param(group + ".%")
            .query((rs) -> {
                resets.put(rs.getString("TARGET"), rs.getLong("N"));
            });
        return resets;
    }

    /** The messages GreenMail received for users of this group, by the account each is about. */
    static Map<String, List<MimeMessage>> messages(String group) {
        Map<String, List<MimeMessage>> byAccount = new HashMap<>();
        for (MimeMessage message : greenMail.getReceivedMessages()) {
            String account = Mails.account(message);
            if (account.startsWith(group + ".")) {
                byAccount.computeIfAbsent(account, (a) -> new ArrayList<>()).add(message);
            }
        }
        return byAccount;
    }

    /** Each user named was told exactly once, at their own address, the password the directory holds. */
    void eachToldOnceWithTheirPassword(String group, int... users) throws Exception {
        Map<String, List<MimeMessage>> messages = messages(group);
        assertThat(messages.keySet()).containsExactlyInAnyOrderElementsOf(
                Arrays.stream(users).mapToObj((i) -> upn(group, i)).toList());
        for (int i : users) {
            List<MimeMessage> told = messages.get(upn(group, i));
            assertThat(told).as(upn(group, i)).hasSize(1);
            assertThat(Mails.to(told.get(0))).isEqualTo(alternate(group, i));
            assertThat(HASHES.matches(Mails.password(told.get(0)), passwordHash(upn(group, i))))
                .as("the password told to %s is the one the directory holds", upn(group, i))
                .isTrue();
        }
    }

    // The resend step

    @Test
    void theResendStepRecordsEachRowsOutcomeInTheLedgerAndCountsEveryRowItRead() throws Exception {
        users("step", 3);
        JobExecution earlier = this.jobOperatorTestUtils.startStep("resend", parameters(input("step-earlier",
                upn("step", 1))), new ExecutionContext());
        assertThat(earlier.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        String toldEarlier = passwordHash(upn("step", 1));

        JobExecution execution = this.jobOperatorTestUtils.startStep("resend", parameters(input("step-main",
                upn("step", 0), "nobody.here@contoso.example", upn("step", 0).toUpperCase(), upn("step", 1),
                upn("step", 2))), new ExecutionContext());

        assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        StepExecution resend = Steps.named(execution, "resend");
        assertThat(resend.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(resend.getReadCount()).as("rows read").isEqualTo(5);
        assertThat(resend.getWriteCount()).as("every row reaches the writer, rejected ones too").isEqualTo(5);
        assertThat(resend.getFilterCount()).isZero();
        assertThat(resend.getSkipCount()).isZero();
        assertThat(resend.getRollbackCount()).isZero();
        assertThat(resend.getCommitCount()).as("chunks of 2: lines 2-3, 4-5, 6").isEqualTo(3);

        long run = execution.getJobInstanceId();
        Map<Long, LedgerEntry> ledger = ledger(run);
        assertThat(ledger).containsOnlyKeys(2L, 3L, 4L, 5L, 6L);
        assertThat(ledger.get(2L).status()).isEqualTo(Status.NOTIFIED);
        assertThat(ledger.get(2L).notifyAddress()).isEqualTo(alternate("step", 0));
        assertThat(ledger.get(2L).attempts()).isEqualTo(1);
        assertThat(ledger.get(2L).resetAt()).isNotNull();
        assertThat(ledger.get(2L).notifiedAt()).isNotNull();
        assertThat(ledger.get(3L).status()).isEqualTo(Status.REJECTED_UNKNOWN_USER);
        assertThat(ledger.get(3L).resetAt()).isNull();
        assertThat(ledger.get(4L).status()).isEqualTo(Status.REJECTED_DUPLICATE);
        assertThat(ledger.get(4L).reason()).contains("line 2");
        assertThat(ledger.get(5L).status()).isEqualTo(Status.SKIPPED_ALREADY_NOTIFIED);
        assertThat(ledger.get(5L).reason()).contains("by run " + earlier.getJobInstanceId());
        assertThat(ledger.get(6L).status()).isEqualTo(Status.NOTIFIED);
        assertThat(this.ledger.countByStatus(run)).containsExactlyInAnyOrderEntriesOf(Map.of(Status.NOTIFIED, 2L,
                Status.REJECTED_UNKNOWN_USER, 1L, Status.REJECTED_DUPLICATE, 1L, Status.SKIPPED_ALREADY_NOTIFIED, 1L));

        eachToldOnceWithTheirPassword("step", 0, 1, 2);
        assertThat(messages("step").get(upn("step", 0)).get(0).getMessageID()).isEqualTo(ledger.get(2L).messageId());
        assertThat(passwordHash(upn("step", 1))).as("told by the earlier run, not reset again").isEqualTo(toldEarlier);
        assertThat(resets("step")).containsExactlyInAnyOrderEntriesOf(
                Map.of(upn("step", 0), 1L, upn("step", 1), 1L, upn("step", 2), 1L));
    }

    // The report step

    @Test
    void theReportStepWritesEveryLedgerRowOfTheRunInLineOrderWithoutAPassword() throws Exception {
        users("report", 3);
        Path input = input("report-run", upn("report", 0), "not an address", "nobody.there@contoso.example",
                upn("report", 1), upn("report", 0), upn("report", 2));
        JobParameters parameters = parameters(input);

        JobExecution execution = this.jobOperatorTestUtils.startJob(parameters);

        assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(Steps.names(execution)).containsExactly("preflight", "resend", "resendUntold", "allTold", "report");
        assertThat(Steps.named(execution, "report").getStatus()).isEqualTo(BatchStatus.COMPLETED);
        Path report = Path.of(parameters.getString(ResendJobParameters.REPORT_PATH));
        String text = Files.readString(report, StandardCharsets.UTF_8);
        assertThat(text).startsWith("\uFEFFline,user_principal_name,display_name,notification_address,status,reason,"
                + "reset_at,notified_at,message_id,language,expires_at,credential,time_zone\r\n");
        List<CSVRecord> rows;
        try (CSVParser parser = CSVParser.parse(text.substring(1),
                CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get())) {
            rows = parser.getRecords();
        }
        List<LedgerEntry> entries = new ArrayList<>();
        this.ledger.forEachEntry(execution.getJobInstanceId(), entries::add);
        assertThat(entries).hasSize(6);
        assertThat(rows).hasSameSizeAs(entries);
        for (int i = 0; i < entries.size(); i++) {
            LedgerEntry entry = entries.get(i);
            assertThat(rows.get(i).toList()).as("line " + entry.line()).containsExactly(String.valueOf(entry.line()),
                    ReportWriter.cell(entry.userPrincipalName()), ReportWriter.cell(entry.displayName()),
                    ReportWriter.cell(EmailAddresses.mask(entry.notifyAddress())), entry.status().name(),
                    ReportWriter.cell(entry.reason()), ReportWriter.time(entry.resetAt()),
                    ReportWriter.time(entry.notifiedAt()), ReportWriter.cell(entry.messageId()),
                    ReportWriter.cell(entry.language()), ReportWriter.time(entry.expiresAt()), "password",
                    ReportWriter.cell(entry.timeZone()));
        }
        assertThat(rows.stream().map((row) -> row.get("line")).toList()).containsExactly("2", "3", "4", "5", "6", "7");
        assertThat(rows.stream().map((row) -> row.get("status")).toList()).containsExactly("NOTIFIED",
                "REJECTED_INVALID_ROW", "REJECTED_UNKNOWN_USER", "NOTIFIED", "REJECTED_DUPLICATE", "NOTIFIED");
        assertThat(rows.get(0).get("notification_address")).isEqualTo("r***@example.net");
        for (List<MimeMessage> told : messages("report").values()) {
            assertThat(text).doesNotContain(Mails.password(told.get(0)));
        }
        assertThat(ReportWriter.htmlBeside(report)).exists();
    }

    // The restart of a failed step

    @Test
    void aRunStoppedByTheMailServerGoingAwayContinuesWhereItStoppedAndResetsNobodyAlreadyToldAgain()
            throws Exception {
        users("restart", 4);
        // Chunks of 2: lines 2-3 (unknown users: no message), lines 4-5, lines 6-7.
        Path input = input("restart-run", "nobody.one@contoso.example", "nobody.two@contoso.example",
                upn("restart", 0), upn("restart", 1), upn("restart", 2), upn("restart", 3));
        // The first connection (the second chunk's) drops once the server accepted the chunk's first
        // message; after it the mail server is gone, retries included.
        this.relay.dropOnceAfterMessages(1);
        this.relay.accept((connection) -> connection == 1);

        JobExecution failed = this.jobOperatorTestUtils.startJob(parameters(input));

        assertThat(failed.getStatus()).isEqualTo(BatchStatus.FAILED);
        assertThat(Steps.names(failed)).containsExactly("preflight", "resend");
        StepExecution stopped = Steps.named(failed, "resend");
        assertThat(stopped.getStatus()).isEqualTo(BatchStatus.FAILED);
        assertThat(JobEnd.cause(failed)).isInstanceOf(MailChannelUnavailableException.class)
            .hasMessageContaining("stopped accepting messages")
            .hasMessageContaining("of the last chunk are reset but not told");
        assertThat(stopped.getReadCount()).as("the second chunk was read, then failed").isEqualTo(4);
        assertThat(stopped.getWriteCount()).as("only the first chunk was written").isEqualTo(2);
        assertThat(stopped.getCommitCount()).isEqualTo(1);
        assertThat(stopped.getRollbackCount()).isEqualTo(1);
        assertThat(this.relay.connections()).as("the message was retried before the step failed").isGreaterThan(1);
        long run = failed.getJobInstanceId();
        Map<Long, LedgerEntry> afterOutage = ledger(run);
        assertThat(afterOutage).containsOnlyKeys(2L, 3L, 4L, 5L);
        assertThat(afterOutage.get(2L).status()).isEqualTo(Status.REJECTED_UNKNOWN_USER);
        assertThat(afterOutage.get(3L).status()).isEqualTo(Status.REJECTED_UNKNOWN_USER);
        assertThat(afterOutage.get(4L).status()).as("told before the connection dropped").isEqualTo(Status.NOTIFIED);
        assertThat(afterOutage.get(5L).status()).isEqualTo(Status.RESET_NOT_NOTIFIED);
        assertThat(passwordHash(upn("restart", 2))).as("nobody after the failed chunk was reset").isNull();
        String toldBeforeTheOutage = passwordHash(upn("restart", 0));
        assertThat(messages("restart").keySet()).containsExactly(upn("restart", 0));
        assertThat(Path.of(failed.getJobParameters().getString(ResendJobParameters.REPORT_PATH)))
            .as("the report so far").exists();

        this.relay.accept((connection) -> true);
        JobExecution restarted = this.jobOperatorTestUtils.startJob(failed.getJobParameters());

        assertThat(restarted.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(restarted.getJobInstanceId()).as("the same run, continued").isEqualTo(run);
        assertThat(restarted.getId()).isNotEqualTo(failed.getId());
        StepExecution resumed = Steps.named(restarted, "resend");
        assertThat(resumed.getReadCount()).as("read from the first row after the committed chunk: lines 4-7")
            .isEqualTo(4);
        assertThat(resumed.getWriteCount()).isEqualTo(4);
        assertThat(Steps.named(restarted, "resendUntold").getReadCount()).as("nobody left for resendUntold").isZero();
        Map<Long, LedgerEntry> done = ledger(run);
        assertThat(done.values().stream().collect(Collectors.toMap(LedgerEntry::line, LedgerEntry::status)))
            .containsExactlyInAnyOrderEntriesOf(Map.of(2L, Status.REJECTED_UNKNOWN_USER, 3L,
                    Status.REJECTED_UNKNOWN_USER, 4L, Status.NOTIFIED, 5L, Status.NOTIFIED, 6L, Status.NOTIFIED, 7L,
                    Status.NOTIFIED));
        assertThat(done.get(4L)).as("the told user's entry is the first attempt's").isEqualTo(afterOutage.get(4L));
        assertThat(done.get(5L).attempts()).as("reset during the outage and once more after it").isEqualTo(2);
        assertThat(done.get(6L).attempts()).isEqualTo(1);
        assertThat(passwordHash(upn("restart", 0))).as("told before the outage, not reset again")
            .isEqualTo(toldBeforeTheOutage);
        assertThat(resets("restart")).containsExactlyInAnyOrderEntriesOf(Map.of(upn("restart", 0), 1L,
                upn("restart", 1), 2L, upn("restart", 2), 1L, upn("restart", 3), 1L));
        eachToldOnceWithTheirPassword("restart", 0, 1, 2, 3);
        assertThat(this.jobOperatorTestUtils.getJobRepository().getJobExecutions(restarted.getJobInstance()))
            .hasSize(2);
    }

    @Test
    void thePlanOfAContinuedRunCountsWhatRemainsOfItNotWhatItFinished() throws Exception {
        users("remains", 4);
        // As above: lines 2-3 rejected, line 4 told, line 5 reset but not told, lines 6-8 never read; line 8
        // names the user told on line 4 again.
        Path input = input("remains-run", "nobody.three@contoso.example", "nobody.four@contoso.example",
                upn("remains", 0), upn("remains", 1), upn("remains", 2), upn("remains", 3), upn("remains", 0));
        this.relay.dropOnceAfterMessages(1);
        this.relay.accept((connection) -> connection == 1);
        JobExecution failed = this.jobOperatorTestUtils.startJob(parameters(input));
        assertThat(failed.getStatus()).isEqualTo(BatchStatus.FAILED);
        long run = failed.getJobInstanceId();
        assertThat(ledger(run).get(5L).status()).isEqualTo(Status.RESET_NOT_NOTIFIED);
        RunRequest request = new RunRequest(input, null, false, false, RunRequest.DEFAULT_MAX_INVALID_PERCENT,
                OPERATOR);
        MailRoute route = MailRoute.smtp("127.0.0.1", this.relay.port(), FROM);
        int connections = this.relay.connections();

        Map<Status, Long> remaining = this.dryRunner.counts(InputFile.of(input), request, route, null, run);
        Map<Status, Long> asANewRun = this.dryRunner.counts(InputFile.of(input), request, route, null);

        assertThat(remaining).as("the user reset but not told, the two users never read and the told user's second "
                + "row; the rejected rows and the told user are finished")
            .containsExactlyInAnyOrderEntriesOf(Map.of(Status.PREVIEWED, 3L, Status.REJECTED_DUPLICATE, 1L));
        assertThat(asANewRun).as("the whole file, the told user skipped as told by an earlier run")
            .containsExactlyInAnyOrderEntriesOf(Map.of(Status.REJECTED_UNKNOWN_USER, 2L,
                    Status.SKIPPED_ALREADY_NOTIFIED, 1L, Status.PREVIEWED, 3L, Status.REJECTED_DUPLICATE, 1L));
        assertThat(ledger(run)).as("counting changes nothing").containsOnlyKeys(2L, 3L, 4L, 5L);
        assertThat(passwordHash(upn("remains", 2))).isNull();
        assertThat(this.relay.connections()).as("nothing was sent").isEqualTo(connections);
    }
}
