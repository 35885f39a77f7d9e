package org.bulkresend.settings;

import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

import org.bulkresend.notify.MailRoute;
import org.bulkresend.notify.SendRate;
import org.bulkresend.password.ParallelHashing;
import org.bulkresend.tenant.Cloud;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Every setting of bulk-resend, with defaults that make the demo work. The command line sets
 * these for the user; they can also be given as {@code --bulk-resend.*} properties.
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
 */
@ConfigurationProperties("bulk-resend")
public record BulkResendProperties(@DefaultValue("./data") Path dataDir, @DefaultValue("./out") Path outDir,
        @DefaultValue("50") int chunkSize, @DefaultValue Mail mail, @DefaultValue Passwords passwords,
        @DefaultValue("1s") Duration signInFailureDelay, @DefaultValue("5s") Duration progressEvery,
        @DefaultValue("embedded") DirectoryKind directory, @DefaultValue Graph graph) {

    public static final int MAX_CHUNK_SIZE = 1000;

    public BulkResendProperties {
        if (chunkSize < 1 || chunkSize > MAX_CHUNK_SIZE) {
            throw new IllegalArgumentException(
                    "the chunk size must be between 1 and " + MAX_CHUNK_SIZE + ", was " + chunkSize);
        }
        if (directory == DirectoryKind.GRAPH || mail.sendsThroughGraph()) {
            graph.check((directory == DirectoryKind.GRAPH) ? "--directory graph" : "--mail graph");
        }
    }

    /** True if users are looked up and reset in Microsoft Entra ID through Microsoft Graph. */
    public boolean usesGraph() {
        return this.directory == DirectoryKind.GRAPH;
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
     */
    public record Mail(String from, @DefaultValue("worldwide") Cloud cloud, String signInUrl, String helpdesk,
            @DefaultValue("en") String defaultLocale, Path templates, List<String> summaryTo, ZoneId timeZone,
            SendRate rate, @DefaultValue("0") int dailyLimit, @DefaultValue Retry retry, MailRoute.Kind via,
            @DefaultValue("10") int stopAfterFailures) {

        public Mail {
            if (stopAfterFailures < 1) {
                throw new IllegalArgumentException("the failures in a row that stop a run must be at least 1, was "
                        + stopAfterFailures);
            }
            if (dailyLimit < 0) {
                throw new IllegalArgumentException("the daily limit must be 0 (none) or more, was " + dailyLimit);
            }
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
    public record Retry(@DefaultValue("4") int retries, @DefaultValue("2s") Duration delay,
            @DefaultValue("30s") Duration maxDelay) {

        public Retry {
            if (retries < 0 || retries > 20) {
                throw new IllegalArgumentException("the retries must be between 0 and 20, was " + retries);
            }
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
     */
    public record Graph(String tenantId, String clientId, String clientSecret, Path clientSecretFile, Path certificate,
            String certificatePassword, java.net.URI graphUrl, java.net.URI loginUrl, @DefaultValue("8") int retries,
            @DefaultValue("120s") Duration maxWait, @DefaultValue("30s") Duration timeout,
            @DefaultValue("true") boolean batch) {

        public Graph {
            if (retries < 0 || retries > 50) {
                throw new IllegalArgumentException("the Graph retries must be between 0 and 50, was " + retries);
            }
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
                    + this.timeout + ", batch=" + this.batch + "]";
        }
    }

    /**
     * @param length the length of generated passwords
     * @param hashCost the bcrypt cost of the embedded directory's hashes (each step doubles the time)
     * @param hashThreads how many passwords are hashed at once; 0 (the default) for one per core
     * @param ttl how long a temporary password works after its reset ({@code --temp-password-ttl}); null
     * (the default) for as long as the directory keeps it, which in Microsoft Entra ID is for ever
     */
    public record Passwords(@DefaultValue("16") int length, @DefaultValue("10") int hashCost,
            @DefaultValue("0") int hashThreads, Duration ttl) {

        /** The shortest expiry: a message can take this long to reach a mailbox and be read. */
        public static final Duration MIN_TTL = Duration.ofHours(1);

        /** The longest expiry. */
        public static final Duration MAX_TTL = Duration.ofDays(365);


        /** The threads to hash with: the setting, or one per core. */
        public int effectiveHashThreads() {
            return (this.hashThreads > 0) ? this.hashThreads : ParallelHashing.cores();
        }

        public Passwords {
            if (length < 12 || length > 256) {
                throw new IllegalArgumentException("the password length must be between 12 and 256, was " + length);
            }
            if (hashCost < 4 || hashCost > 31) {
                throw new IllegalArgumentException("the hash cost must be between 4 and 31, was " + hashCost);
            }
            if (hashThreads < 0 || hashThreads > 256) {
                throw new IllegalArgumentException("the hash threads must be between 0 and 256, was " + hashThreads);
            }
            if (ttl != null && (ttl.compareTo(MIN_TTL) < 0 || ttl.compareTo(MAX_TTL) > 0)) {
                throw new IllegalArgumentException("the temporary password's lifetime must be between 1 hour and "
                        + "365 days, was " + ttl);
            }
        }
    }
}
