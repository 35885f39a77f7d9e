package org.bulkresend.job;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.bulkresend.credential.CredentialKind;
import org.bulkresend.directory.Directory.ResetResult;
import org.bulkresend.directory.DirectoryUnavailableException;
import org.bulkresend.ledger.LedgerEntry;
import org.bulkresend.ledger.Status;
import org.bulkresend.notify.Delivery;
import org.bulkresend.notify.MailChannel;
import org.bulkresend.notify.MailChannelUnavailableException;
import org.bulkresend.notify.Notification;
import org.bulkresend.password.Secret;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reset-and-tell sequence, the one every path that changes a password goes through (a run, its
 * restart, a watch round, a follow-up's resend, and the dry run with a directory and a channel that
 * change nothing). It resets and tells the users of one chunk, in the order that keeps every crash
 * repairable:
 * <ol>
 * <li>record the intent ({@code RESET_NOT_NOTIFIED}) and commit it, so a crash from here on
 * leaves a ledger that says "reset, not told";</li>
 * <li>reset the passwords (the directory commits them) before any message exists, so no
 * message ever carries a password the directory does not hold;</li>
 * <li>send, and record each message's outcome in its own commit as soon as the server has
 * answered for it, before the next message goes: a crash while sending can leave at most the
 * message in flight unrecorded, so a restart tells at most that one user twice;</li>
 * <li>record the other outcomes; the chunk's own commit then moves the reader on. A restart
 * re-reads a chunk whose commit did not happen, and skips in it whoever is recorded as told.</li>
 * </ol>
 * Messages that did not go out are sent again by the retrying channel. When the fault is the
 * route's rather than one recipient's ({@link DeliveryCircuit}), sending stops at once and the
 * run stops after this chunk rather than resetting anyone else: at most this chunk's users wait,
 * reset but not told, for the same command to tell them once mail works.
 * <p>
 * {@code expire} goes through the same sequence with nobody told ({@link #nobodyTold}): the new
 * password is one nobody knows, and a replaced one is final as {@code EXPIRED}.
 * <p>
 * Longer than this project's usual 300 lines on purpose: the order of the steps is what keeps a
 * crash repairable, so it stays in one class that reads top to bottom, with the wording of each
 * outcome beside the step that records it.
 */
final class ResetAndTell {

    private static final Logger logger = LoggerFactory.getLogger(ResetAndTell.class);

    private final long jobInstanceId;

    private final CredentialIssuer issuer;

    private final Wording words;

    private final MailChannel mailChannel;

    private final Records records;

    private final Clock clock;

    private final Duration temporaryPasswordTtl;

    private final DeliveryCircuit circuit;

    /** Refusals since the last accepted message: the route's fault, not the users', if the circuit opens. */
    private final List<LedgerEntry> refusedInARow = new ArrayList<>();

    private final String operator;

    private final String firstOperator;

    /**
     * Where the sequence keeps what it did: the ledger and the audit trail for a run, the dry run's
     * report for a preview. Each method that records does so durably before it returns.
     */
    interface Records {

        /** What this run already recorded for these lines (a chunk re-read after a crash). */
        Map<Long, LedgerEntry> recorded(List<Long> lines);

        /** The first line that spoke for each of these users so far. */
        RowRules.Claims claims(List<String> userKeys);

        /** Users an earlier run told, to be skipped; empty with {@code --rerun}. */
        Map<String, LedgerEntry> notifiedBefore(List<String> userKeys);

        /** With {@code --rerun} (and a follow-up's resend), users an earlier run told, reset again as their next attempt. */
        Map<String, LedgerEntry> toldBefore(List<String> userKeys);

        /** The users about to be reset, before the directory is asked. */
        void intents(List<LedgerEntry> intents);

        /** What the directory did. */
        void resets(List<ResetResult> results);

        /** One message's outcome, as soon as the channel has it and before the next message goes. */
        void sent(ResendItem item, LedgerEntry entry, Delivery delivery);

        /** The chunk's other outcomes, after its messages. */
        void outcomes(List<LedgerEntry> outcomes);
    }

    /**
     * @param issuer gives the users their new credentials; the directory commits them before it returns
     * @param mailChannel where the messages go; null for {@link #nobodyTold}
     * @param circuit tells a fault of the route from one recipient's, or null to send every message whatever
     * happens (the dry run's preview folder)
     * @param temporaryPasswordTtl how long a temporary password works ({@code --temp-password-ttl}), or null
     * if it does not expire
     * @param operator who acts now; {@code firstOperator} started the run (null if not recorded)
     */
    ResetAndTell(long jobInstanceId, CredentialIssuer issuer, MailChannel mailChannel, Records records, Clock clock,
            Duration temporaryPasswordTtl, DeliveryCircuit circuit, String operator, String firstOperator) {
        this.jobInstanceId = jobInstanceId;
        this.issuer = issuer;
        this.words = Wording.of(issuer.kind());
        this.mailChannel = mailChannel;
        this.records = records;
        this.clock = clock;
        this.temporaryPasswordTtl = temporaryPasswordTtl;
        this.circuit = circuit;
        this.operator = operator;
        this.firstOperator = firstOperator;
    }

    /**
     * The sequence without its message: each password is replaced by one nobody is told
     * ({@code expire}). A replaced password's outcome is {@code EXPIRED}; one the directory did not
     * answer for is {@code RESET_NOT_NOTIFIED}, and the records keep its intent.
     */
    static ResetAndTell nobodyTold(CredentialIssuer passwords, Records records, Clock clock) {
        return new ResetAndTell(0, passwords, null, records, clock, null, null, null, null);
    }

    /**
     * Resets and tells the chunk's eligible users and records every row's outcome.
     *
     * @throws DirectoryUnavailableException if the directory stopped answering
     * @throws MailChannelUnavailableException if the mail route failed: nobody after this chunk is reset
     */
    void chunk(List<? extends ResendItem> items) {
        List<LedgerEntry> outcomes = new ArrayList<>();
        List<Planned> planned = plan(items, outcomes);
        Trouble trouble = new Trouble();
        try {
            if (!planned.isEmpty()) {
                resetAndNotify(planned, outcomes, trouble);
            }
        }
        finally {
            items.forEach(ResetAndTell::forgetSecrets);
        }
        this.records.outcomes(outcomes);
        if (trouble.directoryDown == null && trouble.channelDown == null) {
            return;
        }
        long waiting = this.records.recorded(items.stream().map((item) -> item.request().line()).toList())
            .values().stream().filter((entry) -> entry.status() == Status.RESET_NOT_NOTIFIED).count();
        if (trouble.directoryDown != null) {
            throw new DirectoryUnavailableException("The directory stopped answering (" + trouble.directoryDown
                    + "). The run stopped instead of going on; " + users(waiting) + " of the last chunk may be reset "
                    + "but are not told. Run the same command again once it answers: they get " + this.words.fresh
                    + " and a fresh message, and the run continues from there.", null);
        }
        throw new MailChannelUnavailableException("The mail channel stopped accepting messages ("
                + trouble.channelDown + "). The run stopped instead of resetting anyone else; " + users(waiting)
                + " of the last chunk are reset but not told. Run the same command again once mail works: "
                + "they get " + this.words.fresh + " and a fresh message, and the run continues from there.", null);
    }

    private static String users(long count) {
        return count + ((count == 1) ? " user" : " users");
    }

    /** Sorts the chunk into final rejections (added to outcomes) and users to reset. */
    private List<Planned> plan(List<? extends ResendItem> items, List<LedgerEntry> outcomes) {
        List<Long> lines = items.stream().map((item) -> item.request().line()).toList();
        List<String> keys = items.stream().map(ResendItem::userKey).filter(Objects::nonNull).distinct().toList();
        Map<Long, LedgerEntry> recorded = this.records.recorded(lines);
        RowRules.Claims claims = this.records.claims(keys);
        Map<String, LedgerEntry> notifiedBefore = this.records.notifiedBefore(keys);
        Map<String, LedgerEntry> toldBefore = this.records.toldBefore(keys);

        List<Planned> planned = new ArrayList<>();
        for (ResendItem item : items) {
            long line = item.request().line();
            LedgerEntry prior = recorded.get(line);
            if (prior != null && (prior.status() == Status.NOTIFIED || prior.status() == Status.EXPIRED)) {
                continue; // told in an earlier attempt of this run: never reset again
            }
            int attempts = (prior != null) ? prior.attempts() : 0;
            RowRules.Verdict verdict = RowRules.verdict(item, claims, notifiedBefore);
            if (verdict != null && verdict.status() == Status.DENIED_NOT_PERMITTED && prior != null
                    && prior.status() == Status.RESET_NOT_NOTIFIED && prior.resetAt() != null) {
                outcomes.add(prior.withOutcome(Status.RESET_NOT_NOTIFIED, waitingForAnotherOperator(prior, verdict),
                        null, null));
                continue;
            }
            if (verdict != null) {
                outcomes.add(entry(item, verdict.status(), verdict.reason(), attempts, null, null, null));
            }
            else {
                LedgerEntry earlier = (item.userKey() != null) ? toldBefore.get(item.userKey()) : null;
                String note = "";
                if (earlier != null) {
                    attempts = Math.max(attempts, earlier.attempts());
                    note = "; told before by run " + earlier.jobInstanceId() + " on "
                            + RowRules.DAY.format(earlier.notifiedAt()) + ", this is attempt " + (attempts + 1);
                }
                planned.add(new Planned(item, attempts + 1, note));
            }
        }
        return planned;
    }

    /**
     * A user an earlier attempt reset and could not tell, whom this operator may not reset: they
     * keep waiting, with their reset time, for someone who may.
     */
    private String waitingForAnotherOperator(LedgerEntry prior, RowRules.Verdict verdict) {
        String who = (this.firstOperator != null && !this.firstOperator.equalsIgnoreCase(this.operator))
                ? this.firstOperator + ", who started this run, or another admin who may reset them"
                : "an admin who may reset them";
        return "reset on " + RowRules.DAY.format(prior.resetAt()) + " and not told yet; " + this.operator
                + " may not reset this user (" + verdict.reason() + "), so " + who
                + " finishes it with the same command";
    }

    /** Notes in {@code trouble} what went wrong if the directory or the mail channel itself failed for good. */
    private void resetAndNotify(List<Planned> planned, List<LedgerEntry> outcomes, Trouble trouble) {
        Instant resetAt = this.clock.instant();
        List<LedgerEntry> intents = planned.stream()
            .map((p) -> entry(p.item, Status.RESET_NOT_NOTIFIED, this.words.intent, p.attempts, resetAt, null, null))
            .toList();
        this.records.intents(intents);

        List<ResetResult> results = this.issuer.issue(planned.stream().map(Planned::item).toList());
        this.records.resets(results);
        try {
            tell(planned, results, resetAt, outcomes, trouble);
        }
        finally {
            // A directory may answer with a credential it made itself: forgotten here, once told.
            results.stream().map(ResetResult::credential).filter(Objects::nonNull).forEach(Secret::destroy);
        }
    }

    /** Sends each user whose credential was set the credential the directory answered with, and records the rest. */
    private void tell(List<Planned> planned, List<ResetResult> results, Instant resetAt, List<LedgerEntry> outcomes,
            Trouble trouble) {
        List<Notification> notifications = new ArrayList<>();
        Map<Long, Planned> byLine = new HashMap<>();
        Map<Long, Instant> expiries = new HashMap<>();
        for (int i = 0; i < planned.size(); i++) {
            Planned p = planned.get(i);
            ResetResult result = results.get(i);
            if (result.succeeded() && this.mailChannel == null) {
                outcomes.add(entry(p.item, Status.EXPIRED, "replaced by a random password nobody knows", p.attempts,
                        resetAt, null, null));
            }
            else if (result.succeeded()) {
                long line = p.item.request().line();
                Instant expiresAt = expiry(result, resetAt);
                notifications.add((result.terms() != null)
                        ? Notification.ofPass(line, p.item.userPrincipalName(), p.item.displayName(), p.item.address(),
                                result.credential(), p.item.languageTag(), p.item.timeZone(), result.terms())
                        : new Notification(line, p.item.userPrincipalName(), p.item.displayName(), p.item.address(),
                                result.credential(), p.item.languageTag(), expiresAt, p.item.timeZone()));
                byLine.put(line, p);
                if (expiresAt != null) {
                    expiries.put(line, expiresAt);
                }
            }
            else {
                outcomes.add(notReset(p, result, resetAt, trouble));
            }
        }
        if (notifications.isEmpty()) {
            return;
        }
        int[] counts = new int[3]; // accepted, deferred, answered
        String[] lastDetail = { null };
        this.mailChannel.deliver(notifications, (delivery) -> {
            Planned p = byLine.remove(delivery.notification().line());
            LedgerEntry entry = sent(p, delivery, resetAt, expiries.get(p.item.request().line()));
            this.records.sent(p.item, entry, delivery);
            counts[2]++;
            if (delivery.outcome() == Delivery.Outcome.ACCEPTED) {
                counts[0]++;
                this.refusedInARow.clear();
            }
            else {
                lastDetail[0] = delivery.detail();
                if (delivery.outcome() == Delivery.Outcome.DEFERRED) {
                    counts[1]++;
                }
                if (entry.status() == Status.NOTIFY_REJECTED && this.circuit != null) {
                    this.refusedInARow.add(entry);
                }
            }
            return (this.circuit == null) || this.circuit.record(delivery);
        });
        if (this.circuit == null) {
            return;
        }
        this.circuit.chunkSent(counts[2], counts[0], counts[1], lastDetail[0]);
        String open = this.circuit.openReason();
        if (open == null) {
            return;
        }
        trouble.channelDown = open;
        for (Planned p : byLine.values()) {
            outcomes.add(entry(p.item, Status.RESET_NOT_NOTIFIED, this.words.done + ", but the message was not "
                    + "sent: the run stopped sending because the mail route failed (" + open + "); run the same "
                    + "command again once mail works to " + this.words.again, p.attempts, resetAt, null, null));
        }
        for (LedgerEntry refused : this.refusedInARow) {
            outcomes.add(refused.withOutcome(Status.RESET_NOT_NOTIFIED, this.words.done + ", but the mail server "
                    + "refused " + this.refusedInARow.size() + " messages in a row, which is a fault of the server, "
                    + "not of this address (" + refused.reason() + "); run the same command again once mail works "
                    + "to " + this.words.again, null, null));
        }
        this.refusedInARow.clear();
    }

    /** Until when the user's credential works: a pass's end, or a password's lifetime from its reset. */
    private Instant expiry(ResetResult result, Instant resetAt) {
        if (result.terms() != null) {
            return result.terms().endsAt();
        }
        return (this.temporaryPasswordTtl != null) ? resetAt.plus(this.temporaryPasswordTtl) : null;
    }

    /** The outcome of a message the channel answered for. */
    private LedgerEntry sent(Planned p, Delivery delivery, Instant resetAt, Instant expiresAt) {
        return switch (delivery.outcome()) {
            case ACCEPTED -> entry(p.item, Status.NOTIFIED,
                    p.item.withNotes(this.words.done + " and message accepted" + p.toldBefore), p.attempts,
                    resetAt, this.clock.instant(), delivery.messageId()).withExpiry(expiresAt);
            case REFUSED -> entry(p.item, Status.NOTIFY_REJECTED,
                    this.words.done + ", but the mail server refused the recipient: " + delivery.detail(), p.attempts,
                    resetAt, null, delivery.messageId());
            case DEFERRED, FAILED, ROUTE_REFUSED -> {
                logger.warn("Line {}: the message to {} was not sent: {}", p.item.request().line(),
                        p.item.userPrincipalName(), delivery.detail());
                yield entry(p.item, Status.RESET_NOT_NOTIFIED, this.words.done + ", but the message was not sent ("
                        + delivery.detail() + "); run the same command again to " + this.words.again, p.attempts,
                        resetAt, null, null);
            }
        };
    }

    /** The final (or, for an unreachable directory, the waiting) outcome of a user whose reset did not succeed. */
    private LedgerEntry notReset(Planned p, ResetResult result, Instant resetAt, Trouble trouble) {
        return switch (result.outcome()) {
            case DENIED -> entry(p.item, Status.DENIED_NOT_PERMITTED, result.failure(), p.attempts, null, null, null);
            case GONE -> entry(p.item, Status.REJECTED_UNKNOWN_USER, result.failure(), p.attempts, null, null, null);
            case UNREACHABLE -> {
                trouble.directoryDown = result.failure();
                yield entry(p.item, Status.RESET_NOT_NOTIFIED, (this.mailChannel == null)
                        ? "the directory did not confirm the replacement (" + result.failure() + "); run the same "
                                + "command again to replace it"
                        : "the directory did not confirm " + this.words.change + " (" + result.failure() + "), so no "
                                + "message was sent; run the same command again to " + this.words.again,
                        p.attempts, resetAt, null, null);
            }
            default -> entry(p.item, Status.FAILED_RESET, result.failure(), p.attempts, null, null, null);
        };
    }

    /** What stops the run after this chunk's outcomes are recorded. */
    private static final class Trouble {

        private String channelDown;

        private String directoryDown;
    }

    private LedgerEntry entry(ResendItem item, Status status, String reason, int attempts, Instant resetAt,
            Instant notifiedAt, String messageId) {
        return new LedgerEntry(this.jobInstanceId, item.request().line(), item.userPrincipalName(), item.displayName(),
                item.address(), status, reason, attempts, resetAt, notifiedAt, messageId, item.languageTag(), null,
                item.timeZoneId(), this.issuer.kind());
    }

    private static void forgetSecrets(ResendItem item) {
        if (item.request().suppliedPassword() != null) {
            item.request().suppliedPassword().destroy();
        }
    }

    /** @param toldBefore a note for the reason if an earlier run told this user, or empty */
    private record Planned(ResendItem item, int attempts, String toldBefore) {
    }

    /**
     * How the outcomes name what was done, for the kind of credential.
     *
     * @param done what happened to a user the directory answered for: "password reset"
     * @param intent the reason a user's intent is recorded with, until their outcome replaces it
     * @param change what the directory did not confirm: "the reset"
     * @param again what the same command does for a user reset but not told
     * @param fresh what such a user gets
     */
    private record Wording(String done, String intent, String change, String again, String fresh) {

        static Wording of(CredentialKind kind) {
            return switch (kind) {
                case PASSWORD -> new Wording("password reset", "the password may have been reset but no message was "
                        + "confirmed; run the same command again", "the reset", "reset and send again",
                        "a fresh password");
                case TAP -> new Wording("Temporary Access Pass issued", "a Temporary Access Pass may have been "
                        + "issued but no message was confirmed; run the same command again", "the pass",
                        "issue a new pass and send again", "a fresh pass");
            };
        }
    }
}
