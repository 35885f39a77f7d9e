package org.bulkresend.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.activation.DataHandler;
import jakarta.activation.FileDataSource;
import jakarta.mail.Message.RecipientType;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;

import org.bulkresend.credential.CredentialKind;
import org.bulkresend.ledger.Status;
import org.bulkresend.notify.MessageSettings;

/**
 * The message the operator gets after a run ({@code --summary-to}): how it ended, the count
 * per status with what each means, where to look at the users (the cloud's admin center), and
 * the report attached. The report never holds a password and masks the users' addresses, so
 * the summary can go to a shared mailbox.
 */
public final class SummaryMessage {

    /** Larger reports are not attached; the message says where they are. */
    static final long MAX_ATTACHMENT_BYTES = 10L * 1024 * 1024;

    private SummaryMessage() {
    }

    /**
     * @param run the run's number, as {@code status} shows it
     * @param input the input file's name
     * @param outcome one line saying how the run ended
     * @param kind what the run gave its users, which words the statuses' meanings are in
     * @param report the report to attach, or null if there is none
     */
    public static MimeMessage compose(Session session, MessageSettings settings, List<String> to, long run,
            String input, String outcome, Map<Status, Long> counts, CredentialKind kind, Path report, Instant at) {
        try {
            MimeMessage message = new MimeMessage(session);
            message.setFrom(new InternetAddress(settings.from(), true));
            for (String address : to) {
                message.addRecipient(RecipientType.TO, new InternetAddress(address.strip(), true));
            }
            long problems = counts.entrySet().stream().filter((e) -> e.getKey().isProblem())
                .mapToLong(Map.Entry::getValue).sum();
            long told = counts.getOrDefault(Status.NOTIFIED, 0L);
            message.setSubject("bulk-resend run " + run + " of " + input + ": " + told + " told, " + problems
                    + ((problems == 1) ? " needs" : " need") + " attention", "UTF-8");
            message.setSentDate(Date.from(at));

            MimeMultipart mixed = new MimeMultipart("mixed");
            MimeBodyPart text = new MimeBodyPart();
            text.setText(body(settings, run, input, outcome, counts, kind, report), "UTF-8", "plain");
            mixed.addBodyPart(text);
            if (report != null && Files.isRegularFile(report) && Files.size(report) <= MAX_ATTACHMENT_BYTES) {
                MimeBodyPart attachment = new MimeBodyPart();
                attachment.setDataHandler(new DataHandler(new FileDataSource(report.toFile()) {
                    @Override
                    public String getContentType() {
                        return "text/csv; charset=UTF-8";
                    }
                }));
                attachment.setFileName(report.getFileName().toString());
                attachment.setDisposition(MimeBodyPart.ATTACHMENT);
                mixed.addBodyPart(attachment);
            }
            message.setContent(mixed);
            message.setHeader("Content-Language", "en");
            message.setHeader("Message-ID", "<" + UUID.randomUUID() + ".summary@" + settings.fromDomain() + ">");
            return message;
        }
        catch (MessagingException ex) {
            throw new IllegalStateException("could not compose the summary: " + ex.getMessage(), ex);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private static String body(MessageSettings settings, long run, String input, String outcome,
            Map<Status, Long> counts, CredentialKind kind, Path report) throws IOException {
        StringBuilder body = new StringBuilder();
        body.append("Run ").append(run).append(" of ").append(input).append('\n');
        body.append(outcome).append("\n\n");
        RunSummary.table(counts).forEach((line) -> body.append(line).append('\n'));
        body.append('\n');
        for (Status status : Status.values()) {
            if (counts.getOrDefault(status, 0L) > 0) {
                body.append(status.name()).append(": ").append(status.meaning(kind)).append('\n');
            }
        }
        body.append("\nThe users are in the Microsoft 365 admin center: ").append(settings.cloud().adminUrl())
            .append('\n');
        body.append("Users sign in at: ").append(settings.signInUrl()).append('\n');
        if (report == null || !Files.isRegularFile(report)) {
            body.append("\nNo report was written.\n");
        }
        else if (Files.size(report) > MAX_ATTACHMENT_BYTES) {
            body.append("\nThe report is too large to attach (").append(Files.size(report) / (1024 * 1024))
                .append(" MB); it is at ").append(report).append('\n');
        }
        else {
            body.append("\nThe report is attached (").append(report.getFileName())
                .append("): one row per input row, with its status and reason. It holds no password.\n");
        }
        return body.toString();
    }
}
