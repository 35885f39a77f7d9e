package org.bulkresend.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.util.Map;

import org.bulkresend.directory.Directory;
import org.bulkresend.notify.MailRoute;
import org.bulkresend.notify.MailRoutes;
import org.bulkresend.notify.MessageComposer;
import org.bulkresend.notify.MessageSettings;
import org.bulkresend.notify.MessageTemplates;
import org.bulkresend.notify.SenderQuotas;
import org.bulkresend.report.ReportWriter;
import org.bulkresend.report.RunSummary;
import org.bulkresend.run.RunOutcome;
import org.bulkresend.run.RunOutcome.Kind;
import org.bulkresend.settings.BulkResendProperties;

/** Prints how a run ended: the count per status, where the report and messages are. */
final class RunPrinter {

    private RunPrinter() {
    }

    static void print(PrintWriter out, RunOutcome outcome, Directory directory, MailRoutes mailRoutes,
            MessageComposer composer, BulkResendProperties properties) {
        BulkResendProperties.Mail mail = properties.mail();
        MessageSettings settings = composer.settings();
        MessageTemplates templates = composer.templates();
        if (outcome.kind() == Kind.REJECTED || outcome.kind() == Kind.HELD_ELSEWHERE || outcome.kind() == Kind.DECLINED
                || outcome.input() == null) {
            return;
        }
        out.println();
        out.println("Input:    " + outcome.input());
        out.println("Directory: " + directory.describe());
        if (outcome.mail() != null) {
            MailRoute route = outcome.mail();
            boolean pool = route.senders().size() > 1 || route.senders().get(0).hasOwnLimits();
            out.println((outcome.isDryRun() ? "Would send through: " : "Messages: ") + route.describe()
                    + ((route.kind() == MailRoute.Kind.OUTBOX) ? " " + mailRoutes.outbox()
                            + " (files are owner-read-only)" : "")
                    + (pool ? "" : mail.sendRate().map((rate) -> ", at most " + rate).orElse("")
                            + ((mail.dailyLimit() > 0) ? ", at most " + mail.dailyLimit() + " in 24 hours" : "")));
            if (pool && !outcome.isDryRun()) {
                Map<String, Long> ofRun = (outcome.jobInstanceId() > 0)
                        ? mailRoutes.senderQuotas().sentByRun(outcome.jobInstanceId()) : Map.of();
                String label = "Senders:  ";
                for (SenderQuotas.Use use : mailRoutes.use(route)) {
                    out.println(label + ofRun.getOrDefault(use.quota().mailbox(), 0L) + " by this run from "
                            + use.describe());
                    label = "          ";
                }
            }
            if (outcome.mailNote() != null) {
                out.println("          (" + outcome.mailNote() + ")");
            }
        }
        if (outcome.passes() != null) {
            out.println("Passes:   " + outcome.passes());
            out.println("Set-up:   " + settings.securityInfoUrl() + " (where the messages send users to sign in with "
                    + "their pass; cloud: " + settings.cloud() + ")");
        }
        else {
            out.println("Sign-in:  " + settings.signInUrl() + " (as written in the messages; cloud: "
                    + settings.cloud() + ")");
        }
        if (properties.passwords().ttl() != null && !outcome.isDryRun() && outcome.passes() == null) {
            out.println("Expiry:   temporary passwords stop working " + Durations.format(properties.passwords().ttl())
                    + " after their reset (as the messages say); 'expire' replaces the unused ones");
        }
        out.println("Languages: " + String.join(" ", templates.languages()) + " (default "
                + templates.defaultLanguage() + ((templates.folder() != null)
                        ? "; your templates from " + templates.folder() + ": " + templates.overrides().size()
                                + " files)"
                        : ")"));
        if (!outcome.counts().isEmpty()) {
            out.println();
            RunSummary.table(outcome.counts()).forEach(out::println);
            out.println();
        }
        if (outcome.report() != null && Files.exists(outcome.report())) {
            boolean soFar = outcome.kind() == Kind.FAILED || outcome.kind() == Kind.DAILY_LIMIT;
            out.println((soFar ? "Report so far: " : "Report:   ") + outcome.report());
            java.nio.file.Path html = ReportWriter.htmlBeside(outcome.report());
            if (Files.exists(html)) {
                out.println((soFar ? "               " : "          ") + html + "  (to read in a browser)");
            }
        }
        if (outcome.isDryRun()) {
            if (Files.isDirectory(outcome.previews())) {
                out.println("Previews: " + outcome.previews()
                        + "  (each message as it would be sent, with a placeholder where the "
                        + ((outcome.passes() != null) ? "pass" : "password") + " goes)");
            }
        }
        else if (outcome.mail() != null && outcome.mail().kind() == MailRoute.Kind.OUTBOX) {
            out.println("Outbox:   " + mailRoutes.outbox() + "  (the .eml files contain "
                    + ((outcome.passes() != null) ? "passes" : "passwords")
                    + " and are owner-read-only: deliver them, then delete them)");
        }
        if (outcome.summary() != null) {
            out.println("Summary:  " + outcome.summary());
        }
        out.flush();
    }

    static int exitCode(RunOutcome outcome) {
        return switch (outcome.kind()) {
            case COMPLETED, ALREADY_PROCESSED, DECLINED -> ExitCodes.OK;
            case COMPLETED_WITH_PROBLEMS -> ExitCodes.PROBLEMS;
            case REJECTED, HELD_ELSEWHERE -> ExitCodes.USAGE;
            case FAILED -> ExitCodes.FAILED;
            case DAILY_LIMIT -> ExitCodes.DAILY_LIMIT;
        };
    }
}
