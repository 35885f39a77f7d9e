package org.bulkresend.notify;

import java.util.Objects;

import org.bulkresend.address.EmailAddresses;

/**
 * The way a run's messages leave, chosen once and kept with the run so that continuing it sends
 * the same way. Holds no secret: an SMTP password comes from the environment each time.
 *
 * @param smtpHost the SMTP server, with {@link Kind#SMTP} only
 * @param smtpPort its port, with {@link Kind#SMTP} only
 * @param from the sender as the messages show it ({@code Contoso IT <it@contoso.com>} or a bare
 * address); with {@link Kind#GRAPH}, the sending mailbox
 */
public record MailRoute(Kind kind, String smtpHost, int smtpPort, String from) {

    /** The sender of messages written to the outbox folder when none is given. */
    public static final String OUTBOX_SENDER = "bulk-resend@outbox.invalid";

    public MailRoute {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(from, "from");
    }

    public static MailRoute smtp(String host, int port, String from) {
        return new MailRoute(Kind.SMTP, host, port, from);
    }

    public static MailRoute graph(String mailbox) {
        return new MailRoute(Kind.GRAPH, null, 0, mailbox);
    }

    public static MailRoute outbox(String from) {
        return new MailRoute(Kind.OUTBOX, null, 0, (from != null) ? from : OUTBOX_SENDER);
    }

    /** The sender's bare address, as the envelope and Graph need it. */
    public String fromAddress() {
        return EmailAddresses.parseMailbox(this.from).map(EmailAddresses.Mailbox::address).orElse(this.from);
    }

    /** In words, for the console and the report: "SMTP server mail.contoso.com:587, from it@contoso.com". */
    public String describe() {
        return switch (this.kind) {
            case SMTP -> "SMTP server " + this.smtpHost + ":" + this.smtpPort + ", from " + fromAddress();
            case GRAPH -> "Microsoft Graph sendMail from " + fromAddress();
            case OUTBOX -> "outbox folder";
        };
    }

    public enum Kind {

        /** An SMTP server. */
        SMTP,
        /** Microsoft Graph sendMail, from a mailbox of the tenant. */
        GRAPH,
        /** {@code .eml} files in the outbox folder, for the admin to deliver. */
        OUTBOX

    }
}
