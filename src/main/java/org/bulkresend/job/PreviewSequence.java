package org.bulkresend.job;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

import org.bulkresend.address.EmailAddresses;
import org.bulkresend.credential.CredentialKind;
import org.bulkresend.credential.PassRequest;
import org.bulkresend.credential.PassTerms;
import org.bulkresend.credential.TapPolicy;
import org.bulkresend.directory.Directory;
import org.bulkresend.directory.Directory.PasswordReset;
import org.bulkresend.directory.Directory.ResetResult;
import org.bulkresend.input.ResendRequest;
import org.bulkresend.input.ResendRequestReader;
import org.bulkresend.input.UserKeySet;
import org.bulkresend.ledger.Ledger;
import org.bulkresend.ledger.LedgerEntry;
import org.bulkresend.ledger.Status;
import org.bulkresend.notify.Delivery;
import org.bulkresend.notify.MailChannel;
import org.bulkresend.notify.MessageTemplates;
import org.bulkresend.password.Secret;

import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ExecutionContext;

/**
 * The reset-and-tell sequence of a dry run: the same row rules, look-ups and messages as a run,
 * with a directory that changes nobody, a placeholder for each password and records that write
 * nothing to the database, so the directory and the ledger stay as they were.
 */
public final class PreviewSequence {

    /** Stands where the password goes in a preview. */
    public static final String PASSWORD_PLACEHOLDER = "[the temporary password goes here]";

    /** Stands where the Temporary Access Pass goes in a preview. */
    public static final String PASS_PLACEHOLDER = "[the Temporary Access Pass goes here]";

    private final Directory directory;

    private final Ledger ledger;

    private final MessageTemplates templates;

    private final int chunkSize;

    private final Duration passwordTtl;

    private final Clock clock;

    private final PassRequest passes;

    private final TapPolicy policy;

    /**
     * @param chunkSize the rows checked at once, their users looked up in one query
     * @param passwordTtl the lifetime the messages state, or null for none
     */
    public PreviewSequence(Directory directory, Ledger ledger, MessageTemplates templates, int chunkSize,
            Duration passwordTtl, Clock clock) {
        this(directory, ledger, templates, chunkSize, passwordTtl, clock, null, null);
    }

    /**
     * A preview of a run that issues Temporary Access Passes: each message shows the terms a pass
     * asked for now would get under the directory's policy.
     */
    public PreviewSequence(Directory directory, Ledger ledger, MessageTemplates templates, int chunkSize,
            Clock clock, PassRequest passes, TapPolicy policy) {
        this(directory, ledger, templates, chunkSize, null, clock, passes, policy);
    }

    private PreviewSequence(Directory directory, Ledger ledger, MessageTemplates templates, int chunkSize,
            Duration passwordTtl, Clock clock, PassRequest passes, TapPolicy policy) {
        this.directory = directory;
        this.ledger = ledger;
        this.templates = templates;
        this.chunkSize = chunkSize;
        this.passwordTtl = passwordTtl;
        this.clock = clock;
        this.passes = passes;
        this.policy = policy;
    }

    /**
     * Checks the file's rows as a run checks them and hands each to {@code sink} as the rejection
     * it would get or PREVIEWED, in line order, with the message a run would send written to
     * {@code previewFolder}.
     */
    public void preview(Path input, boolean useSuppliedPasswords, boolean rerun, String operator,
            MailChannel previewFolder, Consumer<LedgerEntry> sink) {
        preview(input, useSuppliedPasswords, rerun, operator, null, previewFolder, sink);
    }

    /**
     * {@link #preview(Path, boolean, boolean, String, MailChannel, Consumer)} of what remains of a
     * run being continued: a row that run finished is left out, a user it reset and did not tell is
     * checked again, and a user it told elsewhere in the file is not counted as told by an earlier run.
     *
     * @param continuing the run being continued, or null for a new run
     */
    public void preview(Path input, boolean useSuppliedPasswords, boolean rerun, String operator, Long continuing,
            MailChannel previewFolder, Consumer<LedgerEntry> sink) {
        CredentialIssuer issuer = (this.passes != null) ? issueNothing()
                : CredentialIssuer.passwords(PreviewSequence::changeNothing, (item) -> Secret.of(PASSWORD_PLACEHOLDER));
        ResendItemProcessor processor = new ResendItemProcessor(this.directory,
                new ActingOperator(this.directory, operator), this.templates, issuer.kind());
        ResetAndTell sequence = new ResetAndTell(0, issuer, previewFolder, new PreviewRecords(rerun, continuing, sink),
                this.clock, this.passwordTtl, null, operator, operator);
        ResendRequestReader reader = new ResendRequestReader(input, useSuppliedPasswords,
                this.directory.nameForms());
        reader.open(new ExecutionContext());
        try {
            List<ResendRequest> rows = new ArrayList<>(this.chunkSize);
            for (ResendRequest row = reader.read(); row != null; row = reader.read()) {
                rows.add(row);
                if (rows.size() == this.chunkSize) {
                    sequence.chunk(process(processor, rows));
                    rows.clear();
                }
            }
            sequence.chunk(process(processor, rows));
        }
        finally {
            reader.close();
        }
    }

    /** The chunk's rows checked as a run checks them, its users looked up in one query. */
    private static List<ResendItem> process(ResendItemProcessor processor, List<ResendRequest> rows) {
        processor.beforeChunk(new Chunk<>(rows));
        List<ResendItem> items = rows.stream().map(processor::process).toList();
        processor.afterChunk(new Chunk<>(items));
        return items;
    }

    /** A directory that would have reset everyone, and changed nobody. */
    private static List<ResetResult> changeNothing(List<PasswordReset> resets) {
        return resets.stream().map((reset) -> ResetResult.set(reset.user(), reset.password())).toList();
    }

    /** Passes that would have been issued now, on the policy's terms, with a placeholder for each. */
    private CredentialIssuer issueNothing() {
        return CredentialIssuer.of(CredentialKind.TAP, (items) -> {
            PassTerms terms = this.passes.termsUnder(this.policy, this.clock.instant());
            return items.stream().map((item) -> ResetResult.issued(item.user(), Secret.of(PASS_PLACEHOLDER), terms))
                .toList();
        });
    }

    /**
     * The dry run's records: nothing is written to the database, and each row goes to the report
     * as the rejection it would get, or PREVIEWED, in line order.
     */
    private final class PreviewRecords implements ResetAndTell.Records {

        private final boolean rerun;

        private final Long continuing;

        private final Consumer<LedgerEntry> sink;

        /** The chunk's lines the continued run finished: they are not part of what remains. */
        private final Set<Long> finished = new HashSet<>();

        /** Every user of the file, in 16 bytes each: a dry run of a million rows stays within a small heap. */
        private final UserKeySet seen = new UserKeySet();

        private final Map<Long, LedgerEntry> chunk = new TreeMap<>();

        PreviewRecords(boolean rerun, Long continuing, Consumer<LedgerEntry> sink) {
            this.rerun = rerun;
            this.continuing = continuing;
            this.sink = sink;
        }

        @Override
        public Map<Long, LedgerEntry> recorded(List<Long> lines) {
            if (this.continuing == null) {
                return Map.of();
            }
            Map<Long, LedgerEntry> recorded = PreviewSequence.this.ledger.entriesForLines(this.continuing, lines);
            recorded.values()
                .stream()
                .filter((entry) -> entry.status() != Status.RESET_NOT_NOTIFIED)
                .forEach((entry) -> this.finished.add(entry.line()));
            return recorded;
        }

        @Override
        public RowRules.Claims claims(List<String> userKeys) {
            if (this.continuing != null) {
                // A row the continued run finished (told, say) still speaks for its user: a later row for them
                // is a duplicate, as the run itself finds in its ledger.
                PreviewSequence.this.ledger.firstClaimingLines(this.continuing, userKeys)
                    .forEach(this.seen::putIfAbsent);
            }
            return this.seen::putIfAbsent;
        }

        @Override
        public Map<String, LedgerEntry> notifiedBefore(List<String> userKeys) {
            if (this.rerun) {
                return Map.of();
            }
            return (this.continuing != null)
                    ? PreviewSequence.this.ledger.notifiedInOtherRuns(this.continuing, userKeys)
                    : PreviewSequence.this.ledger.notifiedByAnyRun(userKeys);
        }

        @Override
        public Map<String, LedgerEntry> toldBefore(List<String> userKeys) {
            return Map.of();
        }

        @Override
        public void intents(List<LedgerEntry> intents) {
        }

        @Override
        public void resets(List<ResetResult> results) {
        }

        @Override
        public void sent(ResendItem item, LedgerEntry entry, Delivery delivery) {
            String reason = (delivery.outcome() == Delivery.Outcome.ACCEPTED)
                    ? "would be reset and told at " + EmailAddresses.mask(item.address()) + "; nothing changed"
                    : "would be reset and told; the preview could not be written: " + delivery.detail();
            this.chunk.put(entry.line(), entry(item, Status.PREVIEWED, item.withNotes(reason)));
        }

        @Override
        public void outcomes(List<LedgerEntry> outcomes) {
            outcomes.forEach((entry) -> this.chunk.put(entry.line(), entry));
            this.chunk.keySet().removeAll(this.finished);
            this.chunk.values().forEach(this.sink);
            this.chunk.clear();
            this.finished.clear();
        }
    }

    private static LedgerEntry entry(ResendItem item, Status status, String reason) {
        return new LedgerEntry(0, item.request().line(), item.userPrincipalName(), item.displayName(), item.address(),
                status, reason, 0, null, null, null, item.languageTag(), null, item.timeZoneId());
    }
}
