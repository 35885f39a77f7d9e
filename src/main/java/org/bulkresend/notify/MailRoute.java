package org.bulkresend.notify;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

import org.bulkresend.address.EmailAddresses;

/**
 * The way a run's messages leave, chosen once and kept with the run so that continuing it sends
 * the same way. Holds no secret: an SMTP password comes from the environment each time.
 *
 * @param smtpHost the SMTP server, with {@link Kind#SMTP} only
 * @param smtpPort its port, with {@link Kind#SMTP} only
 * @param from the first sender as the messages show it ({@code Contoso IT <it@contoso.com>} or a bare
 * address); with {@link Kind#GRAPH}, the sending mailbox
 * @param senders every sending mailbox, the first being {@code from}: messages are spread over them,
 * each within its own rate and daily limit
 * @param replyTo where replies go ({@code --reply-to}), or null for the sender
 */
public record MailRoute(Kind kind, String smtpHost, int smtpPort, String from, List<Sender> senders,
        String replyTo) {

    /** The sender of messages written to the outbox folder when none is given. */
    public static final String OUTBOX_SENDER = "bulk-resend@outbox.invalid";

    public MailRoute {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(from, "from");
        senders = (senders == null || senders.isEmpty()) ? List.of(Sender.of(from)) : List.copyOf(senders);
        if (!senders.get(0).from().equals(from)) {
            throw new IllegalArgumentException("the first sender is the route's own");
        }
    }

    /** A route with one sender and replies to it. */
    public MailRoute(Kind kind, String smtpHost, int smtpPort, String from) {
        this(kind, smtpHost, smtpPort, from, null, null);
    }

    /** The same way out, from these senders, with replies to {@code replyTo} (null: the sender). */
    public MailRoute withSenders(List<Sender> pool, String replyTo) {
        return new MailRoute(this.kind, this.smtpHost, this.smtpPort, pool.get(0).from(), pool, replyTo);
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

    /**
     * The senders as the run keeps them: empty for one sender without limits of its own, else one
     * a line, each as its address, rate and daily limit separated by tabs.
     */
    public String sendersToKeep() {
        if (this.senders.size() == 1 && !this.senders.get(0).hasOwnLimits()) {
            return "";
        }
        return this.senders.stream()
            .map((sender) -> sender.from() + "\t" + ((sender.rate() != null) ? sender.rate().toString() : "") + "\t"
                    + sender.dailyLimit())
            .collect(Collectors.joining("\n"));
    }

    /** The senders {@link #sendersToKeep()} wrote. */
    public static List<Sender> keptSenders(String kept) {
        return kept.lines().map((line) -> {
            String[] fields = line.split("\t", -1);
            return new Sender(fields[0], fields[1].isEmpty() ? null : SendRate.parse(fields[1]),
                    Integer.parseInt(fields[2]));
        }).toList();
    }

    /** The sender's bare address, as the envelope and Graph need it. */
    public String fromAddress() {
        return EmailAddresses.parseMailbox(this.from).map(EmailAddresses.Mailbox::address).orElse(this.from);
    }

    /**
     * In words, for the console and the report: "SMTP server mail.contoso.com:587, from
     * it@contoso.com", with every sender of a pool of up to three, and the reply address.
     */
    public String describe() {
        String replies = (this.replyTo != null) ? ", replies to " + this.replyTo : "";
        return switch (this.kind) {
            case SMTP -> "SMTP server " + this.smtpHost + ":" + this.smtpPort + ", from " + sendersInWords() + replies;
            case GRAPH -> "Microsoft Graph sendMail from " + sendersInWords() + replies;
            case OUTBOX -> "outbox folder" + replies;
        };
    }

    private String sendersInWords() {
        if (this.senders.size() == 1) {
            return fromAddress();
        }
        if (this.senders.size() <= 3) {
            return this.senders.stream().map(Sender::address).collect(Collectors.joining(", "));
        }
        return fromAddress() + " and " + (this.senders.size() - 1) + " more mailboxes";
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
