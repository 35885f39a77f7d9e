package org.bulkresend.job;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.bulkresend.access.AuditEvent;
import org.bulkresend.access.AuditEvent.Action;
import org.bulkresend.access.AuditTrail;
import org.bulkresend.directory.Directory;
import org.bulkresend.directory.Directory.ResetResult;
import org.bulkresend.ledger.Ledger;
import org.bulkresend.ledger.Ledger.Told;
import org.bulkresend.ledger.LedgerEntry;
import org.bulkresend.ledger.Status;
import org.bulkresend.notify.Delivery;

/**
 * What {@code expire} keeps of the sequence: the intent on the told entry before the directory is
 * asked, then {@code EXPIRED} for a replaced password, the intent cleared where the directory
 * refused (the told password still works), and the intent kept where the directory did not answer
 * (the next {@code expire} replaces that password again). Each user's line in the sequence is a
 * number this class hands out; the told entry it stands for may come from any run.
 */
final class ExpiryRecords implements ResetAndTell.Records {

    private final Ledger ledger;

    private final AuditTrail audit;

    private final Clock clock;

    private final String operator;

    private final Map<Long, Told> byLine = new HashMap<>();

    /** Lines whose intent is recorded and whose outcome is not yet known. */
    private final Set<Long> replacing = new HashSet<>();

    /** Lines the directory did not answer for: they may be replaced. */
    private final Map<Long, LedgerEntry> unanswered = new HashMap<>();

    private final List<Told> expired = new ArrayList<>();

    private final Map<Told, String> notExpired = new LinkedHashMap<>();

    private String unreachable;

    ExpiryRecords(Ledger ledger, AuditTrail audit, Clock clock, String operator) {
        this.ledger = ledger;
        this.audit = audit;
        this.clock = clock;
        this.operator = operator;
    }

    /** The line the sequence knows this told password by. */
    long add(Told told) {
        long line = this.byLine.size() + 1;
        this.byLine.put(line, told);
        return line;
    }

    List<Told> expired() {
        return this.expired;
    }

    Map<Told, String> notExpired() {
        return this.notExpired;
    }

    /** What the directory said when it stopped answering, or null. */
    String unreachable() {
        return this.unreachable;
    }

    @Override
    public Map<Long, LedgerEntry> recorded(List<Long> lines) {
        Map<Long, LedgerEntry> recorded = new HashMap<>();
        lines.stream().filter(this.unanswered::containsKey).forEach((line) -> recorded.put(line,
                this.unanswered.get(line)));
        return recorded;
    }

    @Override
    public RowRules.Claims claims(List<String> userKeys) {
        return RowRules.Claims.of(new HashMap<>()); // each user's latest told password only: no duplicates
    }

    @Override
    public Map<String, LedgerEntry> notifiedBefore(List<String> userKeys) {
        return Map.of();
    }

    @Override
    public Map<String, LedgerEntry> toldBefore(List<String> userKeys) {
        return Map.of();
    }

    @Override
    public void intents(List<LedgerEntry> intents) {
        for (LedgerEntry intent : intents) {
            this.ledger.expiring(this.byLine.get(intent.line()).entry(), intent.resetAt());
            this.replacing.add(intent.line());
        }
    }

    @Override
    public void resets(List<ResetResult> results) {
        for (ResetResult result : results) {
            if (result.outcome() == Directory.Outcome.UNREACHABLE) {
                this.unreachable = result.failure();
            }
        }
    }

    @Override
    public void sent(ResendItem item, LedgerEntry entry, Delivery delivery) {
        throw new IllegalStateException("expire sends no message");
    }

    @Override
    public void outcomes(List<LedgerEntry> outcomes) {
        List<AuditEvent> events = new ArrayList<>();
        for (LedgerEntry outcome : outcomes) {
            Told told = this.byLine.get(outcome.line());
            boolean intended = this.replacing.remove(outcome.line());
            if (outcome.status() == Status.EXPIRED) {
                Instant done = this.clock.instant();
                this.ledger.expired(told.entry(), done, "told on " + RowRules.DAY.format(told.entry().notifiedAt())
                        + "; the temporary password expired unused at " + RowRules.DAY.format(told.entry().expiresAt())
                        + " and was replaced on " + RowRules.DAY.format(done) + " by a random one nobody knows: "
                        + "'followup --resend' sends a new one");
                events.add(event(told, "REPLACED", "temporary password expired unused"));
                this.expired.add(told);
                continue;
            }
            this.notExpired.put(told, outcome.reason());
            if (outcome.status() == Status.RESET_NOT_NOTIFIED) {
                this.unanswered.put(outcome.line(), outcome); // it may be replaced: the intent stays for the next expire
                events.add(event(told, "FAILED", outcome.reason()));
            }
            else if (intended) {
                this.ledger.expiring(told.entry(), null); // refused: the password the user was told still works
                events.add(event(told, "FAILED", outcome.reason()));
            }
            else if (outcome.status() == Status.DENIED_NOT_PERMITTED) {
                events.add(event(told, "DENIED", outcome.reason()));
            }
        }
        this.audit.recordAll(events);
    }

    private AuditEvent event(Told told, String outcome, String reason) {
        return new AuditEvent(this.clock.instant(), this.operator, told.entry().userPrincipalName(), Action.EXPIRE,
                outcome, reason, told.entry().jobInstanceId());
    }
}
