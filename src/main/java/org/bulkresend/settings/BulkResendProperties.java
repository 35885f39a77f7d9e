package org.bulkresend.settings;

import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.bulkresend.credential.CredentialKind;
import org.bulkresend.credential.PassRequest;
import org.bulkresend.notify.MailRoute;
import org.bulkresend.notify.SendRate;
import org.bulkresend.password.ParallelHashing;
import org.bulkresend.report.CsvDelimiter;
import org.bulkresend.tenant.Cloud;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import org.hibernate.validator.constraints.Range;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Every setting of bulk-resend, with defaults that make the demo work. The command line sets
 * these for the user; they can also be given as {@code --bulk-resend.*} properties. Each is typed
 * and its range checked once, as it is bound ({@code @Validated}); what depends on several
 * settings at once is checked by the record that holds them.
 *
 * @param dataDir the embedded database (job repository, directory, ledger) and the log
 * @param outDir reports and the outbox folder
 * @param chunkSize users reset and told per transaction and per SMTP connection
 * @param signInFailureDelay the wait after an operator's failed sign-in; it doubles with each
 * further failure in 15 minutes, up to 30 seconds
 * @param progressEvery how often a progress line is logged when there is no terminal
 * @param directory where users are looked up and reset: {@code embedded} (the database in the
 * data directory) or {@code graph} (Microsoft Entra ID through Microsoft Graph)
 * @param graph how to reach Microsoft Graph, with {@code directory=graph}
 * @param reportDelimiter what separates the CSV report's cells: a comma, or a semicolon for Excel
 * set up for a language that writes decimals with a comma
 * @param credential what a new run gives each user: a temporary password, or a Temporary Access Pass;
 * null if not set, for a password (a continued run gives what it started with)
 * @param tap the Temporary Access Passes a run asks for, with {@code credential=tap}
 * @param ldap how to reach an Active Directory domain controller, with {@code directory=ad}
 */
@ConfigurationProperties("bulk-resend")
@Validated
public record BulkResendProperties(@DefaultValue("./data") Path dataDir, @DefaultValue("./out") Path outDir,
        @DefaultValue("50") @Range(min = 1, max = MAX_CHUNK_SIZE, message = BETWEEN) int chunkSize,
        @DefaultValue @Valid Mail mail, @DefaultValue @Valid Passwords passwords,
        @DefaultValue("1s") Duration signInFailureDelay, @DefaultValue("5s") Duration progressEvery,
        @DefaultValue("embedded") DirectoryKind directory, @DefaultValue @Valid Graph graph,
        @DefaultValue(",") CsvDelimiter reportDelimiter, CredentialKind credential,
        @DefaultValue @Valid Tap tap, @DefaultValue @Valid LdapSettings ldap) {

    public static final int MAX_CHUNK_SIZE = 1000;

    /** The message of a range; the setting's name and the value given are added where it is shown. */
    static final String BETWEEN = "must be between {min} and {max}";

    public BulkResendProperties {
        if (directory == DirectoryKind.GRAPH || mail.sendsThroughGraph()) {
            graph.check((directory == DirectoryKind.GRAPH) ? "--directory graph" : "--mail graph");
        }
        if (directory == DirectoryKind.AD) {
            ldap.check();
        }
    }

    /** True if users are looked up and reset in Microsoft Entra ID through Microsoft Graph. */
    public boolean usesGraph() {
        return this.directory == DirectoryKind.GRAPH;
    }

    /** True if users are looked up and reset in an on-premises Active Directory domain. */
    public boolean usesActiveDirectory() {
        return this.directory == DirectoryKind.AD;
    }

    /** True if new runs give Temporary Access Passes rather than passwords. */
    public boolean issuesPasses() {
        return this.credential == CredentialKind.TAP;
    }

    public Path outbox() {
        return this.outDir.resolve("outbox");
    }

    public Path reports() {
        return this.outDir.resolve("reports");
    }

    /**
     * @param from the sender address; required with an SMTP server
     * @param cloud the Microsoft 365 cloud: worldwide, 21vianet, germany, usgov or usgov-dod
     * @param signInUrl where users sign in, if not the cloud's own address
     * @param helpdesk whom users contact, as it reads in the message; without it, each language's
     * own words for "your IT helpdesk"
     * @param defaultLocale the language of users whose own language has no messages
     * @param templates the admin's own message templates, one folder per language, or null
     * @param summaryTo who gets the summary of each run, or empty for nobody
     * @param timeZone the time zone that times in messages are written in; the machine's by default
     * @param rate how fast messages may go out ({@code 30/min}), or null for as fast as the server takes them
     * @param dailyLimit the most messages in 24 hours, or 0 for no limit
     * @param retry how messages that did not go out are sent again
     * @param via how messages leave: {@code smtp} (the SMTP server), {@code graph} (Microsoft Graph
     * sendMail from the {@code from} mailbox) or {@code outbox} (files in the outbox folder); null
     * for an SMTP server if one is set, else the outbox folder with the embedded directory only
     * @param stopAfterFailures how many messages in a row the server may refuse or put off before
     * the run stops resetting: past that the fault is the server's, not the recipients'
     * @param organization who signs the messages ("Contoso IT"); without it, each language's words
     * for "your IT team"
     * @param helpdeskIn whom users contact, by language ({@code helpdesk-in[it]}), as it reads in
     * that language's messages; a language without one names {@code helpdesk}
     * @param securityInfoUrl where a Temporary Access Pass message sends users to set up their
     * sign-in methods, if not the cloud's own My Security Info
     * @param senderPool a file of sending mailboxes, one a line with its own rate and daily limit
     * ({@code --sender-pool}), instead of {@code from}
     * @param replyTo where replies to the messages go, if not to the sender ({@code --reply-to})
     */
    public record Mail(String from, @DefaultValue("worldwide") Cloud cloud, String signInUrl, String helpdesk,
            @DefaultValue("en") String defaultLocale, Path templates, List<String> summaryTo, ZoneId timeZone,
            SendRate rate, @DefaultValue("0") @Min(value = 0, message = "must be 0 (none) or more") int dailyLimit,
            @DefaultValue @Valid Retry retry, MailRoute.Kind via,
            @DefaultValue("10") @Min(value = 1, message = "must be at least {value}") int stopAfterFailures,
            Map<String, String> helpdeskIn, String organization, String securityInfoUrl, Path senderPool,
            String replyTo) {

        public Mail {
            helpdeskIn = (helpdeskIn != null) ? Map.copyOf(helpdeskIn) : Map.of();
            summaryTo = (summaryTo != null) ? List.copyOf(summaryTo) : List.of();
            timeZone = (timeZone != null) ? timeZone : ZoneId.systemDefault();
        }

        /** True if messages go out through Microsoft Graph sendMail. */
        public boolean sendsThroughGraph() {
            return this.via == MailRoute.Kind.GRAPH;
        }

        /** The sending rate, if one is set. */
        public Optional<SendRate> sendRate() {
            return Optional.ofNullable(this.rate);
        }

        /** The address messages give for signing in: the override, or the cloud's own. */
        public String effectiveSignInUrl() {
            return (this.signInUrl != null && !this.signInUrl.isBlank()) ? this.signInUrl
                    : this.cloud.signInUrl();
        }
    }

    /**
     * @param retries how many times a message that did not go out is sent again at most
     * @param delay the first pause before sending again; each next pause doubles
     * @param maxDelay the longest pause
     */
    public record Retry(@DefaultValue("4") @Range(min = 0, max = 20, message = BETWEEN) int retries,
            @DefaultValue("2s") Duration delay, @DefaultValue("30s") Duration maxDelay) {

        public Retry {
            if (delay.isNegative() || delay.isZero() || maxDelay.compareTo(delay) < 0) {
                throw new IllegalArgumentException(
                        "the retry delay must be positive and not above the max delay, was " + delay + "/" + maxDelay);
            }
        }
    }

    /**
     * How bulk-resend reaches Microsoft Graph as an app registration. Exactly one credential: the
     * client secret (env {@code BULK_RESEND_GRAPH_CLIENT_SECRET}, never a command-line option), a
     * file holding it, or a certificate.
     *
     * @param tenantId the directory (tenant) id, or a verified domain of the tenant
     * @param clientId the app registration's application (client) id
     * @param clientSecret the client secret's value
     * @param clientSecretFile a file whose first line is the client secret's value
     * @param certificate a PEM file (PKCS#8 private key and certificate) or a .pfx/.p12 file
     * @param certificatePassword the .pfx/.p12 file's password
     * @param graphUrl the Graph endpoint, if not the cloud's own
     * @param loginUrl the sign-in (token) endpoint, if not the cloud's own
     * @param retries how many times a throttled, unavailable or unanswered request is sent again
     * @param maxWait the longest single wait Graph may ask for; longer counts as unavailable
     * @param timeout how long to wait for a connection and for each answer
     * @param batch whether look-ups go in {@code $batch} requests of 20
     * @param mailboxTimeZones whether each user's time zone is read from their mailbox's settings
     * (permission {@code MailboxSettings.Read})
     * @param writeRate the most writes (resets, passes) a second; Graph's quota for an app in a tenant
     * @param caFile a PEM file of certificate authorities to trust for Graph and its sign-in, beside Java's own
     */
    public record Graph(String tenantId, String clientId, String clientSecret, Path clientSecretFile, Path certificate,
            String certificatePassword, java.net.URI graphUrl, java.net.URI loginUrl,
            @DefaultValue("8") @Range(min = 0, max = 50, message = BETWEEN) int retries,
            @DefaultValue("120s") Duration maxWait, @DefaultValue("30s") Duration timeout,
            @DefaultValue("true") boolean batch, @DefaultValue("false") boolean mailboxTimeZones,
            @DefaultValue("20/s") SendRate writeRate, Path caFile) {

        public Graph {
            if (maxWait.isNegative() || timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("the Graph max wait and timeout must be positive");
            }
        }

        void check(String option) {
            if (this.tenantId == null || this.tenantId.isBlank()) {
                throw new IllegalArgumentException(option + " needs the tenant: give --tenant-id (the "
                        + "directory id or a verified domain) or env BULK_RESEND_GRAPH_TENANT_ID");
            }
            if (this.clientId == null || this.clientId.isBlank()) {
                throw new IllegalArgumentException(option + " needs the app registration: give --client-id "
                        + "(its Application (client) ID) or env BULK_RESEND_GRAPH_CLIENT_ID");
            }
            int credentials = ((this.clientSecret != null && !this.clientSecret.isEmpty()) ? 1 : 0)
                    + ((this.clientSecretFile != null) ? 1 : 0) + ((this.certificate != null) ? 1 : 0);
            if (credentials == 0) {
                throw new IllegalArgumentException(option + " needs the app's credential: set env "
                        + "BULK_RESEND_GRAPH_CLIENT_SECRET, or give --client-secret-file FILE or --certificate FILE");
            }
            if (credentials > 1) {
                throw new IllegalArgumentException("give one credential for the Graph app: the client secret "
                        + "(env BULK_RESEND_GRAPH_CLIENT_SECRET), --client-secret-file or --certificate, not several");
            }
        }

        @Override
        public String toString() {
            return "Graph[tenantId=" + this.tenantId + ", clientId=" + this.clientId + ", clientSecret="
                    + ((this.clientSecret != null) ? "****" : null) + ", clientSecretFile=" + this.clientSecretFile
                    + ", certificate=" + this.certificate + ", graphUrl=" + this.graphUrl + ", loginUrl="
                    + this.loginUrl + ", retries=" + this.retries + ", maxWait=" + this.maxWait + ", timeout="
                    + this.timeout + ", batch=" + this.batch + ", writeRate=" + this.writeRate + ", caFile="
                    + this.caFile + "]";
        }
    }

    /**
     * The Temporary Access Passes a run asks for ({@code --tap-lifetime}, {@code --tap-once},
     * {@code --tap-start}); what is left out is the directory's policy's. The policy's own bounds
     * are checked before anything changes; these are Microsoft Entra ID's outer bounds.
     *
     * @param lifetime how long each pass works, or null for the policy's default lifetime
     * @param once true to make every pass one-time
     * @param start when the passes start to work, or null for as soon as each is issued
     */
    public record Tap(@DurationMin(minutes = 10, message = TAP_LIFETIME)
            @DurationMax(days = 30, message = TAP_LIFETIME) Duration lifetime,
            @DefaultValue("false") boolean once, OffsetDateTime start) {

        /** The shortest lifetime Microsoft Entra ID lets a policy allow. */
        public static final Duration MIN_LIFETIME = Duration.ofMinutes(10);

        /** The longest. */
        public static final Duration MAX_LIFETIME = Duration.ofDays(30);

        static final String TAP_LIFETIME = "must be between 10 minutes and 30 days";

        /** The request these settings make of the directory. */
        public PassRequest request() {
            return new PassRequest(this.lifetime, this.once, (this.start != null) ? this.start.toInstant() : null);
        }
    }

    /**
     * @param length the length of generated passwords
     * @param hashCost the bcrypt cost of the embedded directory's hashes (each step doubles the time)
     * @param hashThreads how many passwords are hashed at once; 0 (the default) for one per core
     * @param ttl how long a temporary password works after its reset ({@code --temp-password-ttl}); null
     * (the default) for as long as the directory keeps it, which in Microsoft Entra ID is for ever
     */
    public record Passwords(@DefaultValue("16") @Range(min = 12, max = 256, message = BETWEEN) int length,
            @DefaultValue("10") @Range(min = 4, max = 31, message = BETWEEN) int hashCost,
            @DefaultValue("0") @Range(min = 0, max = 256, message = BETWEEN) int hashThreads,
            @DurationMin(hours = 1, message = TTL) @DurationMax(days = 365, message = TTL) Duration ttl) {

        /** The shortest expiry: a message can take this long to reach a mailbox and be read. */
        public static final Duration MIN_TTL = Duration.ofHours(1);

        /** The longest expiry. */
        public static final Duration MAX_TTL = Duration.ofDays(365);

        static final String TTL = "must be between 1 hour and 365 days";


        /** The threads to hash with: the setting, or one per core. */
        public int effectiveHashThreads() {
            return (this.hashThreads > 0) ? this.hashThreads : ParallelHashing.cores();
        }

    }
}
