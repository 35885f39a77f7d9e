package org.bulkresend.job;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.bulkresend.credential.CredentialKind;
import org.bulkresend.credential.PassRequest;
import org.bulkresend.notify.MailRoute;
import org.bulkresend.notify.Sender;

import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;

/**
 * The job's parameters. A run is identified by its input's content hash and a sequence number
 * that only {@code --rerun} raises; everything else may change between the attempts of one
 * run (the file may be moved, the report sent elsewhere).
 */
public final class ResendJobParameters {

    /** Identifying: the SHA-256 of the input file's content. */
    public static final String INPUT_SHA256 = "input.sha256";

    /** Identifying: 0 for the first run of a file, raised by each {@code --rerun}. */
    public static final String RUN_SEQUENCE = "run.sequence";

    public static final String INPUT_PATH = "input.path";

    public static final String REPORT_PATH = "report.path";

    /** "true": reset and notify users even if an earlier run already notified them. */
    public static final String RESEND_NOTIFIED = "resend.notified";

    /** "true": use a template's creation passwords ({@code --use-supplied-passwords}). */
    public static final String USE_SUPPLIED_PASSWORDS = "passwords.use-supplied";

    /**
     * How long each temporary password works ({@code --temp-password-ttl}), as an ISO-8601 duration, or
     * empty if they do not expire. A restart keeps the run's own unless it is given again.
     */
    public static final String PASSWORD_TTL = "passwords.ttl";

    /**
     * What the run gives its users ({@link CredentialKind}): kept with the run, so that its restart
     * gives the same, with the three below for a Temporary Access Pass. None is a secret.
     */
    public static final String CREDENTIAL = "credential";

    /** A pass's lifetime as an ISO-8601 duration, or empty for the policy's default. */
    public static final String TAP_LIFETIME = "tap.lifetime";

    /** "true": each pass is one-time. */
    public static final String TAP_ONCE = "tap.once";

    /** When the passes start to work, as an ISO-8601 instant, or empty for at once. */
    public static final String TAP_START = "tap.start";

    /** The operator the run acts for; whoever continues a run becomes its operator. */
    public static final String OPERATOR = "operator";

    /** The operator who started the run, kept when others continue it. */
    public static final String FIRST_OPERATOR = "operator.first";

    /** The run's mail route ({@link MailRoute.Kind}); with the three below, no secret. */
    public static final String MAIL_ROUTE = "mail.route";

    public static final String MAIL_SMTP_HOST = "mail.smtp.host";

    public static final String MAIL_SMTP_PORT = "mail.smtp.port";

    public static final String MAIL_FROM = "mail.from";

    /**
     * The route's senders when there are several or they have their own limits: one a line, each
     * as its address, rate and daily limit separated by tabs; empty for the one sender of {@link #MAIL_FROM}.
     */
    public static final String MAIL_SENDERS = "mail.senders";

    /** Where replies go ({@code --reply-to}), or empty for the sender. */
    public static final String MAIL_REPLY_TO = "mail.reply-to";

    private ResendJobParameters() {
    }

    /** The parameters of a new run: its identity, what the admin asked, who started it, and its route. */
    public static JobParameters forNewRun(JobParameters identity, Path input, Path report, boolean rerun,
            boolean useSuppliedPasswords, String operator, Duration ttl, MailRoute route, CredentialKind credential,
            PassRequest passes) {
        JobParametersBuilder parameters = new JobParametersBuilder(identity)
            .addString(CREDENTIAL, credential.name(), false);
        if (credential == CredentialKind.TAP) {
            parameters.addString(TAP_LIFETIME, (passes.lifetime() != null) ? passes.lifetime().toString() : "", false)
                .addString(TAP_ONCE, Boolean.toString(passes.usableOnce()), false)
                .addString(TAP_START, (passes.startsAt() != null) ? passes.startsAt().toString() : "", false);
        }
        return withRoute(parameters.addString(INPUT_PATH, input.toString(), false)
            .addString(REPORT_PATH, report.toString(), false)
            .addString(RESEND_NOTIFIED, Boolean.toString(rerun), false)
            .addString(USE_SUPPLIED_PASSWORDS, Boolean.toString(useSuppliedPasswords), false)
            .addString(OPERATOR, operator, false)
            .addString(FIRST_OPERATOR, operator, false)
            .addString(PASSWORD_TTL, (ttl != null) ? ttl.toString() : "", false), route).toJobParameters();
    }

    /**
     * The parameters of the next attempt of a run: the file where it is now, the operator who
     * continues it (the one who started it is kept), the report if this command names one, the
     * lifetime if this command sets one, and the route it continues with.
     */
    public static JobParameters forContinuation(JobParameters previous, Path input, Path report, String operator,
            Duration ttl, MailRoute route) {
        JobParametersBuilder parameters = withRoute(new JobParametersBuilder(previous)
            .addString(INPUT_PATH, input.toString(), false)
            .addString(OPERATOR, operator, false), route);
        if (previous.getString(FIRST_OPERATOR) == null && previous.getString(OPERATOR) != null) {
            parameters.addString(FIRST_OPERATOR, previous.getString(OPERATOR), false);
        }
        if (report != null) {
            parameters.addString(REPORT_PATH, report.toAbsolutePath().toString(), false);
        }
        if (ttl != null) {
            parameters.addString(PASSWORD_TTL, ttl.toString(), false);
        }
        return parameters.toJobParameters();
    }

    /** What the run gives its users; a run recorded before there was a choice gave passwords. */
    public static CredentialKind credential(JobParameters parameters) {
        String kind = parameters.getString(CREDENTIAL);
        return (kind == null || kind.isEmpty()) ? CredentialKind.PASSWORD : CredentialKind.valueOf(kind);
    }

    /** The passes the run asks for, as it started with them. */
    public static PassRequest passRequest(JobParameters parameters) {
        String lifetime = parameters.getString(TAP_LIFETIME);
        String start = parameters.getString(TAP_START);
        return new PassRequest((lifetime == null || lifetime.isEmpty()) ? null : Duration.parse(lifetime),
                Boolean.parseBoolean(parameters.getString(TAP_ONCE)),
                (start == null || start.isEmpty()) ? null : Instant.parse(start));
    }

    /** Keeps the route with the run, so that continuing it sends the same way. */
    static JobParametersBuilder withRoute(JobParametersBuilder parameters, MailRoute route) {
        return parameters.addString(MAIL_ROUTE, route.kind().name(), false)
            .addString(MAIL_SMTP_HOST, (route.smtpHost() != null) ? route.smtpHost() : "", false)
            .addString(MAIL_SMTP_PORT, String.valueOf(route.smtpPort()), false)
            .addString(MAIL_FROM, route.from(), false)
            .addString(MAIL_SENDERS, route.sendersToKeep(), false)
            .addString(MAIL_REPLY_TO, (route.replyTo() != null) ? route.replyTo() : "", false);
    }

    /** The run's route, or null for a run recorded before routes were kept. */
    public static MailRoute route(JobParameters parameters) {
        String kind = parameters.getString(MAIL_ROUTE);
        if (kind == null || kind.isEmpty()) {
            return null;
        }
        String host = parameters.getString(MAIL_SMTP_HOST);
        String senders = parameters.getString(MAIL_SENDERS);
        String replyTo = parameters.getString(MAIL_REPLY_TO);
        List<Sender> pool = (senders == null || senders.isEmpty()) ? null : MailRoute.keptSenders(senders);
        return new MailRoute(MailRoute.Kind.valueOf(kind), (host == null || host.isEmpty()) ? null : host,
                Integer.parseInt(parameters.getString(MAIL_SMTP_PORT)), parameters.getString(MAIL_FROM), pool,
                (replyTo == null || replyTo.isEmpty()) ? null : replyTo);
    }
}
