package org.bulkresend.notify;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

import org.bulkresend.address.EmailAddresses;
import org.bulkresend.graph.GraphClient;
import org.bulkresend.notify.internal.ComposingMailChannel;
import org.bulkresend.notify.internal.GraphMailChannel;
import org.bulkresend.notify.internal.OutboxMailChannel;
import org.bulkresend.notify.internal.RateLimitedMailChannel;
import org.bulkresend.notify.internal.RetryingMailChannel;
import org.bulkresend.notify.internal.SmtpMailChannel;
import org.bulkresend.storage.IoFailures;

import org.springframework.mail.javamail.JavaMailSenderImpl;

/**
 * The one place the mail pipeline is built: which route the settings ask for, and the channel for
 * a route, paced ({@code --rate}) and retrying. Users' messages, the operator's summary and the
 * probe before the first reset all go through a channel made here.
 */
public final class MailRoutes {

    /**
     * @param via the route asked for, or null if none was
     * @param smtpHost the SMTP server, or null
     * @param smtpPort its port, or null for 25
     * @param from the sender as given, or null
     * @param embeddedDirectory true if users live in the embedded directory, the only one whose
     * messages may go to the outbox folder without the admin asking for it
     */
    public record Settings(MailRoute.Kind via, String smtpHost, Integer smtpPort, String from, boolean embeddedDirectory,
            SendRate rate, int retries, Duration retryDelay, Duration retryMaxDelay) {
    }

    private final Settings settings;

    private final Function<MailRoute, JavaMailSenderImpl> smtpSenders;

    private final Supplier<GraphClient> graph;

    private final Function<String, MessageComposer> composers;

    private final Path outbox;

    private final Clock clock;

    /**
     * @param composers the message composer for a sender
     */
    public MailRoutes(Settings settings, Function<MailRoute, JavaMailSenderImpl> smtpSenders,
            Supplier<GraphClient> graph, Function<String, MessageComposer> composers, Path outbox, Clock clock) {
        this.settings = settings;
        this.smtpSenders = smtpSenders;
        this.graph = graph;
        this.composers = composers;
        this.outbox = outbox;
        this.clock = clock;
    }

    /**
     * The route this command's options and environment ask for, or empty if they name none.
     *
     * @throws MailSettingsException if they ask for one that cannot work (no sender, no server)
     */
    public Optional<MailRoute> configured() {
        MailRoute.Kind via = (this.settings.via() != null) ? this.settings.via()
                : (this.settings.smtpHost() != null) ? MailRoute.Kind.SMTP : null;
        if (via == null) {
            return Optional.empty();
        }
        String from = sender(via);
        return Optional.of(switch (via) {
            case GRAPH -> MailRoute.graph(from);
            case OUTBOX -> MailRoute.outbox(from);
            case SMTP -> {
                if (this.settings.smtpHost() == null || this.settings.smtpHost().isBlank()) {
                    throw new MailSettingsException("--mail smtp needs the server: give --smtp-host HOST (or env "
                            + "SPRING_MAIL_HOST).");
                }
                yield MailRoute.smtp(this.settings.smtpHost().strip(),
                        (this.settings.smtpPort() != null) ? this.settings.smtpPort() : 25, from);
            }
        });
    }

    /**
     * The route of a new run: the one asked for, else the outbox folder if users live in the
     * embedded directory. Real accounts are never reset with messages left in a local folder unless
     * the admin asked for exactly that.
     */
    public MailRoute forNewRun() {
        return configured().orElseGet(() -> {
            if (!this.settings.embeddedDirectory()) {
                throw new MailSettingsException("Say how the messages leave before any real account is reset: give "
                        + "--smtp-host HOST (with --from ADDRESS), --mail graph (with --from MAILBOX), or --mail "
                        + "outbox to write them to files in " + this.outbox + " and deliver them yourself.");
            }
            return MailRoute.outbox(sender(MailRoute.Kind.OUTBOX));
        });
    }

    /**
     * The route of a run being continued: its own, unless this command asks for another.
     *
     * @param original the route the run started with, or null for a run recorded before routes were kept
     */
    public MailRoute forContinuedRun(MailRoute original) {
        Optional<MailRoute> asked = configured();
        if (asked.isPresent() || original == null) {
            return asked.orElseGet(this::forNewRun);
        }
        return original;
    }

    /** The channel for a route: paced and retrying as the settings say. */
    public MailChannel open(MailRoute route) {
        MailChannel channel = plain(route);
        if (this.settings.rate() != null) {
            channel = new RateLimitedMailChannel(channel, this.settings.rate());
        }
        return new RetryingMailChannel(channel, this.settings.retries(), this.settings.retryDelay(),
                this.settings.retryMaxDelay());
    }

    /**
     * The probe a run makes before its first reset, and the dry run and {@code check} make the same
     * way: for SMTP connect, TLS and AUTH as configured, and the sender accepted; for Graph the
     * sending mailbox; for the outbox the folder, created for a run.
     *
     * @param changeNothing for a command that changes nothing: an outbox folder that does not exist
     * yet is not created; the nearest folder it would be created in must be writable
     * @throws MailRouteException if the route does not work, saying whether it refused or did not answer
     */
    public void probe(MailRoute route, boolean changeNothing) {
        if (changeNothing && route.kind() == MailRoute.Kind.OUTBOX) {
            Optional<String> refusal = IoFailures.whyFolderCannotBeWritten(this.outbox);
            if (refusal.isPresent()) {
                throw new MailRouteException("The outbox folder " + this.outbox + " cannot be written: "
                        + refusal.get() + ".", true, null);
            }
            return;
        }
        open(route).check();
    }

    /** The composer of the route's messages, with its sender. */
    public MessageComposer composer(MailRoute route) {
        return this.composers.apply(route.from());
    }

    /** A folder the route's messages are written into as files, to be looked at: the dry run's previews. */
    public MailChannel previewFolder(Path folder, MailRoute route) {
        return new OutboxMailChannel(folder, composer(route), this.clock);
    }

    /** A channel that composes the route's messages and keeps none: for counting what a run would do. */
    public MailChannel composeOnly(MailRoute route) {
        return new ComposingMailChannel(composer(route));
    }

    /** Where messages go when they go to files. */
    public Path outbox() {
        return this.outbox;
    }

    private MailChannel plain(MailRoute route) {
        MessageComposer composer = composer(route);
        return switch (route.kind()) {
            case SMTP -> new SmtpMailChannel(this.smtpSenders.apply(route), composer, route.fromAddress());
            case GRAPH -> new GraphMailChannel(this.graph.get(), composer, route.fromAddress());
            case OUTBOX -> new OutboxMailChannel(this.outbox, composer, this.clock);
        };
    }

    /** The sender, checked: a run must not reset anyone and then fail on a malformed From. */
    private String sender(MailRoute.Kind via) {
        String from = this.settings.from();
        if (from == null || from.isBlank()) {
            return switch (via) {
                case GRAPH -> throw new MailSettingsException("Sending through Microsoft Graph needs the mailbox "
                        + "that sends: give --from ADDRESS, a mailbox of the tenant (for example --from "
                        + "it-helpdesk@contoso.com).");
                case OUTBOX -> null;
                case SMTP -> throw new MailSettingsException("A sender address is required when sending through an "
                        + "SMTP server: give --from ADDRESS (for example --from it-helpdesk@contoso.com).");
            };
        }
        String given = from.strip();
        EmailAddresses.mailboxProblem(given).ifPresent((problem) -> {
            throw new MailSettingsException("--from '" + oneLine(given) + "' is not an email address (" + problem
                    + "): give one such as it-helpdesk@contoso.com or \"Contoso IT <it-helpdesk@contoso.com>\".");
        });
        return given;
    }

    private static String oneLine(String text) {
        String line = text.replaceAll("\\p{Cntrl}", "?");
        return (line.length() > 80) ? line.substring(0, 80) + "..." : line;
    }
}
