package org.bulkresend.notify;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import jakarta.mail.Message.RecipientType;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import org.bulkresend.address.EmailAddresses;
import org.bulkresend.credential.PassTerms;

/**
 * Writes the message a user receives, in their language, from the {@link MessageTemplates}: the
 * password message, or the Temporary Access Pass message when the notification carries a pass's
 * terms. Either has a subject (RFC 2047 encoded when it is not ASCII), and a plain-text and an
 * HTML part as multipart/alternative, both UTF-8, with a {@code Content-Language} header and a
 * Message-ID the ledger records. Names and addresses from the directory or the input file are put
 * on one line first, and the HTML part escapes them, so they cannot add headers, paragraphs or
 * markup.
 */
public class MessageComposer {

    private final MessageSettings settings;

    private final MessageTemplates templates;

    private final Clock clock;

    private final String replyTo;

    public MessageComposer(MessageSettings settings, MessageTemplates templates, Clock clock) {
        this(settings, templates, clock, null);
    }

    private MessageComposer(MessageSettings settings, MessageTemplates templates, Clock clock, String replyTo) {
        this.settings = settings;
        this.templates = templates;
        this.clock = clock;
        this.replyTo = replyTo;
    }

    /** The same messages, with a Reply-To header naming that address ({@code --reply-to}); null: none. */
    public MessageComposer replyingTo(String address) {
        return java.util.Objects.equals(address, this.replyTo) ? this
                : new MessageComposer(this.settings, this.templates, this.clock, address);
    }

    /** A composer with the built-in templates and English as the default language. */
    public MessageComposer(MessageSettings settings, Clock clock) {
        this(settings, new MessageTemplates(null, "en"), clock);
    }

    public MessageSettings settings() {
        return this.settings;
    }

    public MessageTemplates templates() {
        return this.templates;
    }

    public MimeMessage compose(Session session, Notification notification) {
        String language = (notification.language() != null) ? notification.language()
                : this.templates.defaultLanguage();
        boolean pass = notification.pass() != null;
        Map<String, Object> values = pass ? passValues(notification, language) : values(notification, language);
        try {
            String subject = oneLine(this.templates.render(language,
                    pass ? MessageTemplates.TAP_SUBJECT : MessageTemplates.SUBJECT, values));
            values.put("subject", subject);
            String text = this.templates.render(language, pass ? MessageTemplates.TAP_TEXT : MessageTemplates.TEXT,
                    values);
            String html = this.templates.render(language, pass ? MessageTemplates.TAP_HTML : MessageTemplates.HTML,
                    values);

            MimeMessage message = new IdentifiedMimeMessage(session, newMessageId());
            message.setFrom(sender(this.settings.from()));
            if (this.replyTo != null) {
                message.setReplyTo(new InternetAddress[] { sender(this.replyTo) });
            }
            InternetAddress to = new InternetAddress(notification.recipient(), true);
            String name = displayName(notification);
            if (!name.equals(notification.userPrincipalName())) {
                to.setPersonal(name, "UTF-8");
            }
            message.setRecipient(RecipientType.TO, to);
            message.setSubject(subject, "UTF-8");
            message.setSentDate(Date.from(this.clock.instant()));
            message.setHeader("Content-Language", language);

            MimeMultipart alternative = new MimeMultipart("alternative");
            MimeBodyPart plain = new MimeBodyPart();
            plain.setText(text, "UTF-8", "plain");
            alternative.addBodyPart(plain);
            MimeBodyPart rich = new MimeBodyPart();
            rich.setText(html, "UTF-8", "html");
            alternative.addBodyPart(rich);
            message.setContent(alternative);
            message.saveChanges();
            return message;
        }
        catch (MessagingException | java.io.UnsupportedEncodingException ex) {
            throw new IllegalStateException("could not compose the message for line " + notification.line() + ": "
                    + ex.getMessage(), ex);
        }
    }

    /** The values of a password message. */
    private Map<String, Object> values(Notification notification, String language) {
        Map<String, Object> values = common(notification, language);
        values.put("password", notification.password().reveal());
        values.put("signInUrl", this.settings.signInUrl());
        values.put("expiresAt", (notification.expiresAt() != null)
                ? expiry(notification.expiresAt(), language, zone(notification)) : null);
        return values;
    }

    /**
     * The values of a Temporary Access Pass message. It says when the pass starts to work only if
     * that is still to come when the message is written: a pass that already works "works right
     * away". Its end is always there: a pass always expires.
     */
    private Map<String, Object> passValues(Notification notification, String language) {
        PassTerms terms = notification.pass();
        ZoneId zone = zone(notification);
        Map<String, Object> values = common(notification, language);
        values.put("pass", notification.password().reveal());
        values.put("securityInfoUrl", this.settings.securityInfoUrl());
        values.put("startsAt", terms.startsAt().isAfter(this.clock.instant())
                ? expiry(terms.startsAt(), language, zone) : null);
        values.put("expiresAt", expiry(terms.endsAt(), language, zone));
        values.put("usableOnce", terms.usableOnce());
        return values;
    }

    /** What every message says besides its credential: whom it is for, whom to contact, who signs it. */
    private Map<String, Object> common(Notification notification, String language) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("displayName", displayName(notification));
        values.put("userPrincipalName", oneLine(notification.userPrincipalName()));
        String helpdesk = this.settings.helpdesk(language);
        values.put("helpdesk", (helpdesk != null && !helpdesk.isBlank()) ? oneLine(helpdesk) : null);
        String organization = this.settings.organization();
        values.put("organization", (organization != null && !organization.isBlank()) ? oneLine(organization) : null);
        values.put("language", language);
        return values;
    }

    /** The zone the user reads times in: their own, else the run's. */
    private ZoneId zone(Notification notification) {
        return (notification.timeZone() != null) ? notification.timeZone() : this.settings.zone();
    }

    private static String displayName(Notification notification) {
        return (notification.displayName() != null && !notification.displayName().isBlank())
                ? oneLine(notification.displayName()) : oneLine(notification.userPrincipalName());
    }

    /**
     * A time as a reader of the language writes it, with the word for "at" their grammar needs and
     * the zone by its name in their language: "1º gennaio 2027 alle 9:00 (ora standard dell'Europa
     * centrale)", "1er janvier 2027 à 9 h 00 (...)", "2027年1月1日 9:00（中央ヨーロッパ標準時）".
     */
    public static String expiry(Instant at, String language, ZoneId zone) {
        Locale locale = Languages.parse(language).orElse(Locale.ENGLISH);
        ZonedDateTime time = at.atZone(zone);
        String date = DateTimeFormatter.ofLocalizedDate(FormatStyle.LONG).withLocale(locale).format(time);
        // The zone by its name in the reader's language ("heure normale d'Europe centrale"), never its id.
        // With the apostrophe the templates write ("dell'Europa"), not the typographic one of the zone names.
        String zoneName = DateTimeFormatter.ofPattern("zzzz", locale).format(time).replace('\u2019', '\'');
        String hour = String.valueOf(time.getHour());
        String minute = String.format("%02d", time.getMinute());
        return switch (locale.getLanguage()) {
            case "fr" -> ((time.getDayOfMonth() == 1) ? date.replaceFirst("^1 ", "1er ") : date) + " à " + hour + " h "
                    + minute + " (" + lowerFirst(zoneName, locale) + ")";
            case "it" -> ((time.getDayOfMonth() == 1) ? date.replaceFirst("^1 ", "1º ") : date)
                    + ((time.getHour() == 1) ? " all'" : " alle ") + hour + ":" + minute + " ("
                    + lowerFirst(zoneName, locale) + ")";
            case "sv" -> date + " kl. " + String.format("%02d", time.getHour()) + "." + minute + " ("
                    + lowerFirst(zoneName, locale) + ")";
            case "ja", "zh" -> date + " " + hour + ":" + minute + "（" + zoneName + "）";
            default -> date + " at " + DateTimeFormatter.ofPattern("h:mm a", Locale.ENGLISH).format(time) + " ("
                    + zoneName + ")";
        };
    }

    /** A zone's name inside a sentence: "ora standard dell'Europa centrale", not "Ora standard ...". */
    private static String lowerFirst(String text, Locale locale) {
        return text.isEmpty() ? text : text.substring(0, 1).toLowerCase(locale) + text.substring(1);
    }

    private String newMessageId() {
        return "<" + UUID.randomUUID() + "." + this.clock.millis() + "@" + this.settings.fromDomain() + ">";
    }

    /** The sender, with a display name encoded as a header needs it. */
    static InternetAddress sender(String from) throws java.io.UnsupportedEncodingException, AddressException {
        EmailAddresses.Mailbox mailbox = EmailAddresses.parseMailbox(from)
            .orElseThrow(() -> new AddressException("not an email address", from));
        return new InternetAddress(mailbox.address(), mailbox.personal(), "UTF-8");
    }

    /** Text from the directory or the input file goes on one line: no header or paragraph injection. */
    static String oneLine(String text) {
        return text.replaceAll("[\\r\\n\\t\\u0085\\u2028\\u2029]+", " ").strip();
    }

    /** Keeps the Message-ID chosen here, which the ledger records, through saveChanges(). */
    private static final class IdentifiedMimeMessage extends MimeMessage {

        private final String messageId;

        IdentifiedMimeMessage(Session session, String messageId) {
            super(session);
            this.messageId = messageId;
        }

        @Override
        protected void updateMessageID() throws MessagingException {
            setHeader("Message-ID", this.messageId);
        }
    }
}
