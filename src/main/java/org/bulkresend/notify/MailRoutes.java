package org.bulkresend.notify;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

import org.bulkresend.address.EmailAddresses;
import org.bulkresend.graph.GraphClient;
import org.bulkresend.notify.internal.ComposingMailChannel;
import org.bulkresend.notify.internal.GraphMailChannel;
import org.bulkresend.notify.internal.OutboxMailChannel;
import org.bulkresend.notify.internal.PooledMailChannel;
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
     * @param rate each sender's rate unless it has its own, or null for as fast as the server takes them
     * @param dailyLimit each sender's most messages in 24 hours unless it has its own, or 0 for no limit
     * @param senderPool the file of sending mailboxes ({@code --sender-pool}), or null
     * @param replyTo where replies go ({@code --reply-to}), or null for the sender
     */
    public record Settings(MailRoute.Kind via, String smtpHost, Integer smtpPort, String from, boolean embeddedDirectory,
            SendRate rate, int dailyLimit, int retries, Duration retryDelay, Duration retryMaxDelay, Path senderPool,
            String replyTo) {
    }

    /** The longest list of senders a run can keep with it (the job repository's column for a parameter). */
    static final int LONGEST_KEPT_SENDERS = 2500;

    private final Settings settings;

    private final Function<MailRoute, JavaMailSenderImpl> smtpSenders;

    private final Supplier<GraphClient> graph;

    private final Function<String, MessageComposer> composers;

    private final Path outbox;

    private final Clock clock;

    private final SenderQuotas quotas;

    /**
     * @param composers the message composer for a sender
     */
    public MailRoutes(Settings settings, Function<MailRoute, JavaMailSenderImpl> smtpSenders,
            Supplier<GraphClient> graph, Function<String, MessageComposer> composers, Path outbox, Clock clock,
            SenderQuotas quotas) {
        this.quotas = quotas;
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
        return (via != null) ? Optional.of(route(via)) : Optional.empty();
    }

    private MailRoute route(MailRoute.Kind via) {
        List<Sender> senders = senders(via);
        String from = senders.isEmpty() ? null : senders.get(0).from();
        MailRoute route = switch (via) {
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
        };
        route = route.withSenders(senders.isEmpty() ? route.senders() : senders, replyTo());
        if (route.sendersToKeep().length() > LONGEST_KEPT_SENDERS) {
            throw new MailSettingsException("The " + route.senders().size() + " sending mailboxes are too many to keep "
                    + "with the run (" + route.sendersToKeep().length() + " characters, at most " + LONGEST_KEPT_SENDERS
                    + "): give fewer, or shorter display names.");
        }
        return route;
    }

    private String replyTo() {
        String replyTo = this.settings.replyTo();
        if (replyTo == null || replyTo.isBlank()) {
            return null;
        }
        String given = replyTo.strip();
        EmailAddresses.mailboxProblem(given).ifPresent((problem) -> {
            throw new MailSettingsException("--reply-to '" + SenderPool.oneLine(given) + "' is not an email address ("
                    + problem + "): give the address replies should go to, such as helpdesk@contoso.com.");
        });
        return given;
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
            return route(MailRoute.Kind.OUTBOX);
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

    /** The channel for a route: spread over its senders, each paced, and retrying, as the settings say. */
    public MailChannel open(MailRoute route) {
        return open(route, null);
    }

    /**
     * The channel for a run's route.
     *
     * @param holder the run whose room held against the daily limits its messages use, or null
     */
    public MailChannel open(MailRoute route, String holder) {
        List<PooledMailChannel.Member> members = route.senders().stream()
            .map((sender) -> new PooledMailChannel.Member(quota(sender), plain(route, sender)))
            .toList();
        return new RetryingMailChannel(new PooledMailChannel(members, this.quotas, holder, this.clock),
                this.settings.retries(), this.settings.retryDelay(), this.settings.retryMaxDelay());
    }

    /** Each sender of the route, with the rate and daily limit it sends within: its own, else the run's. */
    public List<SenderQuotas.Quota> quotas(MailRoute route) {
        return route.senders().stream().map(this::quota).toList();
    }

    /** Each sender's use of its quota in the last 24 hours, by every run. */
    public List<SenderQuotas.Use> use(MailRoute route) {
        return this.quotas.use(quotas(route));
    }

    /** The quotas counted in the shared database. */
    public SenderQuotas senderQuotas() {
        return this.quotas;
    }

    private SenderQuotas.Quota quota(Sender sender) {
        return new SenderQuotas.Quota(sender.mailbox(), (sender.rate() != null) ? sender.rate() : this.settings.rate(),
                (sender.dailyLimit() > 0) ? sender.dailyLimit() : this.settings.dailyLimit());
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

    /** The composer of the route's messages, with its first sender and its reply address. */
    public MessageComposer composer(MailRoute route) {
        return this.composers.apply(route.from()).replyingTo(route.replyTo());
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

    /** The channel that sends the route's messages from one of its senders. */
    private MailChannel plain(MailRoute route, Sender sender) {
        MessageComposer composer = this.composers.apply(sender.from()).replyingTo(route.replyTo());
        return switch (route.kind()) {
            case SMTP -> new SmtpMailChannel(this.smtpSenders.apply(route), composer, sender.address());
            case GRAPH -> new GraphMailChannel(this.graph.get(), composer, sender.address());
            case OUTBOX -> new OutboxMailChannel(this.outbox, composer, this.clock);
        };
    }

    /**
     * The senders, checked: a run must not reset anyone and then fail on a malformed From. Empty
     * for the outbox folder's own sender.
     */
    private List<Sender> senders(MailRoute.Kind via) {
        String from = this.settings.from();
        if (this.settings.senderPool() != null) {
            if (from != null && !from.isBlank()) {
                throw new MailSettingsException("Both --from and --sender-pool name the senders: give one of them "
                        + "(the pool file may list a single mailbox).");
            }
            return SenderPool.read(this.settings.senderPool());
        }
        if (from == null || from.isBlank()) {
            return switch (via) {
                case GRAPH -> throw new MailSettingsException("Sending through Microsoft Graph needs the mailbox "
                        + "that sends: give --from ADDRESS, a mailbox of the tenant (for example --from "
                        + "it-helpdesk@contoso.com).");
                case OUTBOX -> List.of();
                case SMTP -> throw new MailSettingsException("A sender address is required when sending through an "
                        + "SMTP server: give --from ADDRESS (for example --from it-helpdesk@contoso.com), or several "
                        + "separated by commas, or --sender-pool FILE.");
            };
        }
        return SenderPool.fromOption(from);
    }
}
