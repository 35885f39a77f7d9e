package org.bulkresend.cli;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;

import org.bulkresend.address.EmailAddresses;
import org.bulkresend.credential.CredentialKind;
import org.bulkresend.notify.Languages;
import org.bulkresend.notify.MailRoute;
import org.bulkresend.notify.SendRate;
import org.bulkresend.report.CsvDelimiter;
import org.bulkresend.settings.BulkResendProperties;
import org.bulkresend.tenant.Cloud;
import org.bulkresend.zone.TimeZones;

import picocli.CommandLine.Option;

/** The options of commands that reset and notify users. */
class JobOptions {

    @Option(names = "--out-dir", paramLabel = "DIR", defaultValue = "${env:BULK_RESEND_OUT_DIR:-./out}",
            description = "Reports (out/reports) and, without SMTP, the outbox (out/outbox). "
                    + "Default: ${DEFAULT-VALUE} (env BULK_RESEND_OUT_DIR).")
    Path outDir;

    @Option(names = "--report-delimiter", paramLabel = ",|;|tab",
            description = "What separates the CSV report's cells: ',' (the default), or ';' where Excel is set up for "
                    + "a language that writes decimals with a comma (Italian, French, German, Swedish), which shows "
                    + "a comma-separated file as one column; 'tab' for tools that want one. "
                    + "Env BULK_RESEND_REPORT_DELIMITER.")
    String reportDelimiter;

    @Option(names = "--chunk-size", paramLabel = "N", defaultValue = "${env:BULK_RESEND_CHUNK_SIZE:-50}",
            description = "Users reset and notified per transaction and SMTP connection, 1 to 1000. "
                    + "Default: ${DEFAULT-VALUE} (env BULK_RESEND_CHUNK_SIZE).")
    int chunkSize;

    @Option(names = "--mail", paramLabel = "smtp|graph|outbox",
            description = "How messages leave: smtp (the --smtp-host server), graph (Microsoft Graph sendMail from the "
                    + "--from mailbox, with the app's --tenant-id, --client-id and credential; the app needs "
                    + "Mail.Send) or outbox (.eml files in <out-dir>/outbox for you to deliver). Default: smtp when "
                    + "--smtp-host is given; otherwise the outbox with the embedded directory, and with any other "
                    + "directory the run refuses to start until you choose (env BULK_RESEND_MAIL_VIA). A restart "
                    + "keeps the run's own route unless this names another.")
    String mail;

    @Option(names = "--smtp-host", paramLabel = "HOST",
            description = "SMTP server to send through (or env SPRING_MAIL_HOST). Without one, messages are written "
                    + "to the outbox folder as .eml files.")
    String smtpHost;

    @Option(names = "--smtp-port", paramLabel = "PORT",
            description = "SMTP port (or env SPRING_MAIL_PORT). Default: 25.")
    Integer smtpPort;

    @Option(names = "--smtp-timeout", paramLabel = "SECONDS",
            description = "Give up on an SMTP connect, read or write after this long, so that a stalled server cannot "
                    + "hang the run. Default: 10 to connect, 30 to read and write.")
    Integer smtpTimeout;

    @Option(names = "--from", paramLabel = "ADDRESS",
            description = "Sender of the messages, an address or \"Name <address>\"; required with an SMTP server "
                    + "and with --mail graph (the sending mailbox). Several separated by commas make a pool: the "
                    + "messages are spread over them, each within its own --rate and --daily-limit "
                    + "(env BULK_RESEND_MAIL_FROM). A restart keeps the run's own senders unless this names others.")
    String from;

    @Option(names = "--sender-pool", paramLabel = "FILE",
            description = "Instead of --from: a file of sending mailboxes, one a line, each optionally followed by its "
                    + "own rate=N/min and daily-limit=N (otherwise --rate and --daily-limit); # starts a comment. "
                    + "The messages are spread over them; the quotas are counted in the database, so that instances "
                    + "sharing it never pass a mailbox's quota together (env BULK_RESEND_MAIL_SENDER_POOL).")
    Path senderPool;

    @Option(names = "--reply-to", paramLabel = "ADDRESS",
            description = "Where replies to the messages go, such as the helpdesk's address, whichever mailbox sent "
                    + "them (env BULK_RESEND_MAIL_REPLY_TO). Default: the sender.")
    String replyTo;

    @Option(names = "--cloud", paramLabel = "CLOUD",
            description = "The Microsoft 365 cloud of your users: worldwide (https://portal.office.com), 21vianet "
                    + "(https://portal.partner.microsoftonline.cn), germany (https://portal.office.de, closed in "
                    + "2021), usgov (GCC High, https://portal.office365.us) or usgov-dod (https://portal.apps.mil). "
                    + "Sets the sign-in address in the messages and the Microsoft Graph endpoints. Default: worldwide "
                    + "(env BULK_RESEND_MAIL_CLOUD).")
    String cloud;

    @Option(names = "--sign-in-url", paramLabel = "URL",
            description = "Where users sign in, as written in the message, if not the cloud's own address "
                    + "(env BULK_RESEND_MAIL_SIGN_IN_URL).")
    String signInUrl;

    @Option(names = "--helpdesk", paramLabel = "TEXT",
            description = "Whom users contact, as written in the message, e.g. \"the IT helpdesk at +1 555 0100\" "
                    + "(env BULK_RESEND_MAIL_HELPDESK).")
    String helpdesk;

    @Option(names = "--helpdesk-in", paramLabel = "LANGUAGE=TEXT",
            description = "Whom users contact, as written in the messages of one language, e.g. --helpdesk-in "
                    + "it=\"il supporto IT di Contoso\" --helpdesk-in ja=\"Contoso IT ヘルプデスク\"; repeat it for each "
                    + "language. A language without one names --helpdesk.")
    Map<String, String> helpdeskIn;

    @Option(names = "--organization", paramLabel = "NAME",
            description = "Who signs the messages, under each language's closing, e.g. \"Contoso IT\" (env "
                    + "BULK_RESEND_MAIL_ORGANIZATION). Without it, each language's words for \"your IT team\".")
    String organization;

    @Option(names = "--default-locale", paramLabel = "LANGUAGE",
            description = "The language of users whose row and directory entry name no language, or one without "
                    + "messages: en, it, sv, fr, zh-TW, ja, or one added with --templates. Default: en "
                    + "(env BULK_RESEND_MAIL_DEFAULT_LOCALE).")
    String defaultLocale;

    @Option(names = "--templates", paramLabel = "DIR",
            description = "Your own message templates: a folder per language (en, it, sv, fr, zh-TW, ja, or a new "
                    + "one) with subject.txt, message.txt and/or message.html; each replaces the built-in one. Checked "
                    + "before anything changes. 'templates export DIR' writes the built-in ones to start from "
                    + "(env BULK_RESEND_MAIL_TEMPLATES).")
    Path templates;

    @Option(names = "--summary-to", paramLabel = "ADDRESS", split = ",",
            description = "After the run, send these addresses one message with the count per status, the admin "
                    + "center's address and the report attached (no passwords). Comma-separated "
                    + "(env BULK_RESEND_MAIL_SUMMARY_TO).")
    List<String> summaryTo;

    @Option(names = "--rate", paramLabel = "N/min",
            description = "Send at most this fast from each sending mailbox: 30/min, 2000/h or 5/s (Exchange Online "
                    + "takes about 30 a minute a mailbox), counting every instance sharing the database. Default: as "
                    + "fast as the server takes them (env BULK_RESEND_MAIL_RATE).")
    String rate;

    @Option(names = "--daily-limit", paramLabel = "N",
            description = "Send at most N messages in 24 hours from each sending mailbox, counting every run "
                    + "(Exchange Online: 10000 recipients a day; Google Workspace: about 2000). At the limit the run stops cleanly before "
                    + "resetting anyone else (exit code 4); the same command continues it later. Default: no limit "
                    + "(env BULK_RESEND_MAIL_DAILY_LIMIT).")
    Integer dailyLimit;

    @Option(names = "--temp-password-ttl", paramLabel = "DURATION",
            description = "Each temporary password stops working this long after its reset, e.g. 72h or 7d (1h to "
                    + "365d). The message says until when; 'expire' (run it on a schedule, or let 'watch' run it) "
                    + "then replaces every one still unused by a random password nobody knows. Microsoft Entra ID's "
                    + "own temporary passwords never expire. Default: no expiry (env BULK_RESEND_PASSWORDS_TTL).")
    String temporaryPasswordTtl;

    @Option(names = "--credential", paramLabel = "password|tap",
            description = "What each user gets: password (a temporary password they must change at their next "
                    + "sign-in) or tap (a Microsoft Temporary Access Pass: the directory makes a time-limited pass "
                    + "with which the user signs in and sets up Microsoft Authenticator or a passkey; their password "
                    + "is not changed). Default: password (env BULK_RESEND_CREDENTIAL). A restart continues with the "
                    + "run's own.")
    String credential;

    @Option(names = "--tap-lifetime", paramLabel = "DURATION",
            description = "With --credential tap: how long each pass works, e.g. 8h or 3d, within the directory's "
                    + "Temporary Access Pass policy (checked before anything changes). Default: the policy's default "
                    + "lifetime (env BULK_RESEND_TAP_LIFETIME). --temp-password-ttl does not apply to passes: a pass "
                    + "stops working by itself.")
    String tapLifetime;

    @Option(names = "--tap-once",
            description = "With --credential tap: each pass works for one sign-in only. Without it, as the policy "
                    + "says (a policy may make every pass one-time) (env BULK_RESEND_TAP_ONCE).")
    Boolean tapOnce;

    @Option(names = "--tap-start", paramLabel = "TIME",
            description = "With --credential tap: the passes start to work at this time rather than at once, e.g. "
                    + "2027-09-01T08:00 (in --time-zone) or 2027-09-01T08:00+02:00 (env BULK_RESEND_TAP_START).")
    String tapStart;

    @Option(names = "--security-info-url", paramLabel = "URL",
            description = "Where a Temporary Access Pass message sends users to set up their sign-in methods, if "
                    + "not the cloud's own My Security Info (https://mysignins.microsoft.com/security-info) "
                    + "(env BULK_RESEND_MAIL_SECURITY_INFO_URL).")
    String securityInfoUrl;

    @Option(names = "--time-zone", paramLabel = "ZONE",
            description = "The time zone that times in messages are written in where neither the row (a timeZone "
                    + "column) nor the directory gives the user's own: an IANA name such as Europe/Rome, or a "
                    + "Windows name such as W. Europe Standard Time. Default: the machine's "
                    + "(env BULK_RESEND_MAIL_TIME_ZONE).")
    String timeZone;

    @Option(names = { "-q", "--quiet" },
            description = "No progress bar (on a terminal) and no progress log lines (otherwise).")
    boolean quiet;

    Path outDir() {
        return this.outDir.toAbsolutePath().normalize();
    }

    /**
     * Adds these options' settings, checked and typed, to the session's settings: each is parsed
     * here once, with the option's name in any refusal, and handed to the settings as the value the
     * settings hold, not as text to be read again.
     */
    void addTo(Map<String, Object> settings) {
        if (this.chunkSize < 1 || this.chunkSize > 1000) {
            throw new UsageException("--chunk-size must be between 1 and 1000, was " + this.chunkSize + ".");
        }
        if (this.smtpPort != null && (this.smtpPort < 1 || this.smtpPort > 65535)) {
            throw new UsageException("--smtp-port must be between 1 and 65535, was " + this.smtpPort + ".");
        }
        settings.put("bulk-resend.out-dir", outDir());
        settings.put("bulk-resend.chunk-size", this.chunkSize);
        if (this.reportDelimiter != null) {
            try {
                settings.put("bulk-resend.report-delimiter", CsvDelimiter.parse(this.reportDelimiter));
            }
            catch (IllegalArgumentException ex) {
                throw new UsageException("--report-delimiter must be ',' ';' or 'tab', was '" + this.reportDelimiter
                        + "'.");
            }
        }
        if (this.mail != null) {
            settings.put("bulk-resend.mail.via", mailRoute(this.mail));
        }
        put(settings, "spring.mail.host", this.smtpHost);
        put(settings, "spring.mail.port", this.smtpPort);
        if (this.smtpTimeout != null) {
            if (this.smtpTimeout < 1 || this.smtpTimeout > 3600) {
                throw new UsageException("--smtp-timeout must be between 1 and 3600 seconds, was " + this.smtpTimeout
                        + ".");
            }
            String millis = String.valueOf(this.smtpTimeout * 1000L);
            for (String timeout : new String[] { "connectiontimeout", "timeout", "writetimeout" }) {
                settings.put("spring.mail.properties.mail.smtp." + timeout, millis);
            }
        }
        put(settings, "bulk-resend.mail.from", this.from);
        put(settings, "bulk-resend.mail.reply-to", this.replyTo);
        if (this.senderPool != null) {
            settings.put("bulk-resend.mail.sender-pool", this.senderPool.toAbsolutePath().normalize());
        }
        if (this.cloud != null) {
            try {
                settings.put("bulk-resend.mail.cloud", Cloud.parse(this.cloud));
            }
            catch (IllegalArgumentException ex) {
                throw new UsageException("--cloud: " + ex.getMessage() + ".");
            }
        }
        put(settings, "bulk-resend.mail.sign-in-url", this.signInUrl);
        put(settings, "bulk-resend.mail.helpdesk", this.helpdesk);
        put(settings, "bulk-resend.mail.organization", this.organization);
        if (this.helpdeskIn != null) {
            this.helpdeskIn.forEach((language, text) -> {
                String tag = Languages.parse(language).map(java.util.Locale::toLanguageTag).orElseThrow(
                        () -> new UsageException("--helpdesk-in " + language + "=...: '" + language
                                + "' is not a language tag (it, fr, ja, sv, zh-TW, ...)."));
                settings.put("bulk-resend.mail.helpdesk-in[" + tag + "]", text);
            });
        }
        if (this.defaultLocale != null) {
            if (Languages.parse(this.defaultLocale).isEmpty()) {
                throw new UsageException("--default-locale: '" + this.defaultLocale + "' is not a language tag; use "
                        + "one such as en, it-IT, sv, fr-FR, zh-TW or ja.");
            }
            settings.put("bulk-resend.mail.default-locale", this.defaultLocale.strip());
        }
        if (this.templates != null) {
            settings.put("bulk-resend.mail.templates", this.templates.toAbsolutePath().normalize());
        }
        if (this.rate != null) {
            try {
                settings.put("bulk-resend.mail.rate", SendRate.parse(this.rate));
            }
            catch (IllegalArgumentException ex) {
                throw new UsageException("--rate: " + ex.getMessage() + ".");
            }
        }
        if (this.dailyLimit != null) {
            if (this.dailyLimit < 1) {
                throw new UsageException("--daily-limit must be at least 1, was " + this.dailyLimit + ".");
            }
            settings.put("bulk-resend.mail.daily-limit", this.dailyLimit);
        }
        if (this.temporaryPasswordTtl != null) {
            settings.put("bulk-resend.passwords.ttl", Durations.parse("--temp-password-ttl", this.temporaryPasswordTtl,
                    BulkResendProperties.Passwords.MIN_TTL, BulkResendProperties.Passwords.MAX_TTL));
        }
        if (this.timeZone != null) {
            settings.put("bulk-resend.mail.time-zone", TimeZones.parse(this.timeZone).orElseThrow(() ->
                    new UsageException("--time-zone: '" + this.timeZone.strip() + "' is not a time zone; give "
                            + TimeZones.EXAMPLES + ".")));
        }
        if (this.credential != null) {
            try {
                settings.put("bulk-resend.credential", CredentialKind.parse(this.credential));
            }
            catch (IllegalArgumentException ex) {
                throw new UsageException("--credential: " + ex.getMessage() + ".");
            }
        }
        if (this.tapLifetime != null) {
            settings.put("bulk-resend.tap.lifetime", Durations.parse("--tap-lifetime", this.tapLifetime,
                    BulkResendProperties.Tap.MIN_LIFETIME, BulkResendProperties.Tap.MAX_LIFETIME));
        }
        if (this.tapOnce != null) {
            settings.put("bulk-resend.tap.once", this.tapOnce);
        }
        if (this.tapStart != null) {
            settings.put("bulk-resend.tap.start", startTime(this.tapStart, (ZoneId) settings.get(
                    "bulk-resend.mail.time-zone")));
        }
        put(settings, "bulk-resend.mail.security-info-url", this.securityInfoUrl);
        if (this.summaryTo != null) {
            List<String> addresses = this.summaryTo.stream().map(String::strip).filter((a) -> !a.isEmpty()).toList();
            for (String address : addresses) {
                EmailAddresses.problem(address).ifPresent((problem) -> {
                    throw new UsageException("--summary-to: '" + address + "' " + problem + ".");
                });
            }
            settings.put("bulk-resend.mail.summary-to", addresses);
        }
    }

    /** A time with its offset, or one in the run's zone (the machine's without --time-zone). */
    static OffsetDateTime startTime(String text, ZoneId zone) {
        String value = text.strip();
        try {
            return OffsetDateTime.parse(value);
        }
        catch (DateTimeParseException withoutOffset) {
            try {
                LocalDateTime local = LocalDateTime.parse(value);
                return local.atZone((zone != null) ? zone : ZoneId.systemDefault()).toOffsetDateTime();
            }
            catch (DateTimeParseException ex) {
                throw new UsageException("--tap-start: '" + value + "' is not a time; write it as 2027-09-01T08:00 "
                        + "(in --time-zone) or 2027-09-01T08:00+02:00.");
            }
        }
    }

    private static MailRoute.Kind mailRoute(String text) {
        for (MailRoute.Kind kind : MailRoute.Kind.values()) {
            if (kind.name().equalsIgnoreCase(text.strip())) {
                return kind;
            }
        }
        throw new UsageException("--mail must be smtp, graph or outbox, was '" + text + "'.");
    }

    private static void put(Map<String, Object> settings, String property, Object value) {
        if (value != null) {
            settings.put(property, value);
        }
    }
}
