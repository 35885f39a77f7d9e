package org.bulkresend.job;

import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

import org.bulkresend.credential.CredentialKind;
import org.bulkresend.credential.PassRequest;
import org.bulkresend.credential.TapPolicy;
import org.bulkresend.directory.Directory;
import org.bulkresend.ledger.Ledger;
import org.bulkresend.notify.MailRoute;
import org.bulkresend.notify.MessageComposer;
import org.bulkresend.notify.SendRate;
import org.bulkresend.report.HtmlReport;
import org.bulkresend.report.HtmlReport.Setting;
import org.bulkresend.report.ReportWriter;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParameters;

/**
 * A run's two reports, both from the ledger: the CSV for spreadsheets and scripts, and beside it
 * the HTML page people read (counts as a chart, the run's settings, the rows filtered by status).
 */
class RunReport {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss z");

    private final ReportWriter reportWriter;

    private final Ledger ledger;

    private final Directory directory;

    private final MessageComposer composer;

    private final Limits limits;

    RunReport(ReportWriter reportWriter, Ledger ledger, Directory directory, MessageComposer composer,
            Limits limits) {
        this.reportWriter = reportWriter;
        this.ledger = ledger;
        this.directory = directory;
        this.composer = composer;
        this.limits = limits;
    }

    /** Writes both reports of the execution's run; {@code state} says how far it got ("finished", "stopped"). */
    void write(JobExecution execution, String state) {
        long run = execution.getJobInstanceId();
        Path csv = Path.of(execution.getJobParameters().getString(ResendJobParameters.REPORT_PATH));
        this.reportWriter.write(run, csv);
        Path input = Path.of(execution.getJobParameters().getString(ResendJobParameters.INPUT_PATH));
        // The rows that need the admin first (a problem, users reset and not yet told), then the others, each
        // in line order.
        HtmlReport.write(ReportWriter.htmlBeside(csv), "Run " + run + ": " + input.getFileName(),
                settings(execution, state), this.ledger.countByStatus(run),
                ResendJobParameters.credential(execution.getJobParameters()), this.limits.zone(), (sink) -> {
                    this.ledger.forEachEntry(run, (entry) -> {
                        if (entry.status().isProblem()) {
                            sink.accept(entry);
                        }
                    });
                    this.ledger.forEachEntry(run, (entry) -> {
                        if (!entry.status().isProblem()) {
                            sink.accept(entry);
                        }
                    });
                });
    }

    private List<Setting> settings(JobExecution execution, String state) {
        JobParameters parameters = execution.getJobParameters();
        List<Setting> settings = new ArrayList<>();
        settings.add(new Setting("Run", execution.getJobInstanceId() + " (attempt " + execution.getId() + "), "
                + state));
        settings.add(new Setting("Input file", parameters.getString(ResendJobParameters.INPUT_PATH)));
        settings.add(new Setting("Input SHA-256", parameters.getString(ResendJobParameters.INPUT_SHA256)));
        settings.add(new Setting("Operator", parameters.getString(ResendJobParameters.OPERATOR)));
        if (execution.getStartTime() != null) {
            settings.add(new Setting("Started", when(execution.getStartTime())));
        }
        settings.add(new Setting("Directory", this.directory.describe()));
        MailRoute route = ResendJobParameters.route(parameters);
        settings.add(new Setting("Messages", ((route != null) ? route.describe() : "not recorded")
                + ((this.limits.rate() != null) ? ", at most " + this.limits.rate() : "")
                + ((this.limits.dailyLimit() > 0) ? ", at most " + this.limits.dailyLimit() + " in 24 hours" : "")));
        if (ResendJobParameters.credential(parameters) == CredentialKind.TAP) {
            PassRequest passes = ResendJobParameters.passRequest(parameters);
            settings.add(new Setting("Credential", "Temporary Access Passes (passwords are not changed)"));
            settings.add(new Setting("Passes", ((passes.lifetime() != null) ? TapPolicy.describe(passes.lifetime())
                    : "the policy's default lifetime") + (passes.usableOnce() ? ", one sign-in each" : "")
                    + ((passes.startsAt() != null) ? ", starting " + when(passes.startsAt()) : "")
                    + "; each user's own end is in the report's expiry column"));
            settings.add(new Setting("Set-up address in messages", this.composer.settings().securityInfoUrl()
                    + " (cloud: " + this.composer.settings().cloud() + ")"));
        }
        else {
            settings.add(new Setting("Sign-in address in messages", this.composer.settings().signInUrl()
                    + " (cloud: " + this.composer.settings().cloud() + ")"));
            String ttl = parameters.getString(ResendJobParameters.PASSWORD_TTL);
            settings.add(new Setting("Temporary passwords", (ttl == null || ttl.isEmpty()) ? "do not expire"
                    : "expire " + java.time.Duration.parse(ttl).toHours() + " hours after their reset"));
            settings.add(new Setting("Passwords", Boolean.parseBoolean(parameters.getString(
                    ResendJobParameters.USE_SUPPLIED_PASSWORDS)) ? "the file's creation passwords" : "generated, "
                            + this.limits.passwordLength() + " characters"));
        }
        settings.add(new Setting("Users told by earlier runs", Boolean.parseBoolean(parameters.getString(
                ResendJobParameters.RESEND_NOTIFIED)) ? "reset and told again (--rerun)" : "skipped"));
        settings.add(new Setting("Chunk size", String.valueOf(this.limits.chunkSize())));
        return settings;
    }

    /**
     * The settings of the run that its report lists beside those it recorded in its parameters.
     *
     * @param rate how fast messages may go out, or null for as fast as the server takes them
     * @param dailyLimit the most messages in 24 hours, or 0 for no limit
     * @param passwordLength the length of generated passwords
     * @param chunkSize users reset and told per transaction
     * @param zone the time zone the run's messages give times in; the HTML report gives its times there
     */
    record Limits(SendRate rate, int dailyLimit, int passwordLength, int chunkSize, ZoneId zone) {
    }

    private static String when(LocalDateTime time) {
        return WHEN.format(time.atZone(ZoneId.systemDefault()));
    }

    private static String when(Instant time) {
        return WHEN.format(time.atZone(ZoneId.systemDefault()));
    }
}
