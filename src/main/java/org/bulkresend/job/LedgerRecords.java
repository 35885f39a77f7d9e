package org.bulkresend.job;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.bulkresend.directory.Directory.ResetResult;
import org.bulkresend.ledger.Ledger;
import org.bulkresend.ledger.LedgerEntry;
import org.bulkresend.notify.Delivery;

import org.springframework.transaction.support.TransactionTemplate;

/**
 * A run's records: the ledger and the audit trail, each write committed in its own transaction so
 * that it stays whatever happens to the chunk after it.
 */
final class LedgerRecords implements ResetAndTell.Records {

    private final long jobInstanceId;

    private final boolean resendNotified;

    private final Ledger ledger;

    private final ChunkAudit audit;

    private final TransactionTemplate ownTransaction;

    /** @param resendNotified {@code --rerun}: users an earlier run told are reset again */
    LedgerRecords(long jobInstanceId, boolean resendNotified, Ledger ledger, ChunkAudit audit,
            TransactionTemplate ownTransaction) {
        this.jobInstanceId = jobInstanceId;
        this.resendNotified = resendNotified;
        this.ledger = ledger;
        this.audit = audit;
        this.ownTransaction = ownTransaction;
    }

    @Override
    public Map<Long, LedgerEntry> recorded(List<Long> lines) {
        return this.ledger.entriesForLines(this.jobInstanceId, lines);
    }

    @Override
    public RowRules.Claims claims(List<String> userKeys) {
        return RowRules.Claims.of(new HashMap<>(this.ledger.firstClaimingLines(this.jobInstanceId, userKeys)));
    }

    @Override
    public Map<String, LedgerEntry> notifiedBefore(List<String> userKeys) {
        return this.resendNotified ? Map.of() : this.ledger.notifiedInOtherRuns(this.jobInstanceId, userKeys);
    }

    @Override
    public Map<String, LedgerEntry> toldBefore(List<String> userKeys) {
        return this.resendNotified ? this.ledger.toldInOtherRuns(this.jobInstanceId, userKeys) : Map.of();
    }

    @Override
    public void intents(List<LedgerEntry> intents) {
        this.ownTransaction.executeWithoutResult((status) -> this.ledger.save(intents));
    }

    @Override
    public void resets(List<ResetResult> results) {
        this.ownTransaction.executeWithoutResult((status) -> this.audit.resets(results));
    }

    @Override
    public void sent(ResendItem item, LedgerEntry entry, Delivery delivery) {
        this.ownTransaction.executeWithoutResult((status) -> {
            this.ledger.save(List.of(entry));
            this.audit.message(delivery);
        });
    }

    @Override
    public void outcomes(List<LedgerEntry> outcomes) {
        this.ownTransaction.executeWithoutResult((status) -> {
            this.ledger.save(outcomes);
            this.audit.denials(outcomes);
        });
    }
}
