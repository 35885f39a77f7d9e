package org.bulkresend.followup;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.bulkresend.access.AuditEvent;
import org.bulkresend.access.AuditEvent.Action;
import org.bulkresend.access.AuditTrail;
import org.bulkresend.access.ResetPermissions;
import org.bulkresend.directory.AccountState;
import org.bulkresend.directory.Directory;
import org.bulkresend.directory.Directory.PasswordReset;
import org.bulkresend.directory.Directory.ResetResult;
import org.bulkresend.directory.DirectoryUnavailableException;
import org.bulkresend.directory.DirectoryUser;
import org.bulkresend.ledger.Ledger;
import org.bulkresend.ledger.Ledger.Told;
import org.bulkresend.password.PasswordGenerator;
import org.bulkresend.password.Secret;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code expire}: every temporary password past its expiry ({@code run --temp-password-ttl}) that
 * its user has not replaced is replaced by a random one that nobody knows, still to be changed at
 * next sign-in, so a forgotten message in an old mailbox is no longer a key to the account. The
 * ledger entry becomes {@code EXPIRED}, the audit trail says who did it, and the user is listed
 * for {@code followup}. Users who chose their own password are left alone and recorded as such.
 * <p>
 * Crash-safe in the same way as a run: the ledger records that a replacement began before the
 * directory is asked, and an {@code expire} that finds such an entry replaces that password again
 * (once more a random one) before recording it as expired.
 */
public class Expiry {

    private static final Logger logger = LoggerFactory.getLogger(Expiry.class);

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
        .withZone(ZoneId.of("UTC"));

    /** Long enough that nobody guesses it, within every directory's limit (Microsoft Entra ID: 256). */
    static final int UNKNOWN_PASSWORD_LENGTH = 64;

    private final Ledger ledger;

    private final Directory directory;

    private final AuditTrail audit;

    private final Clock clock;

    private final int chunkSize;

    private final PasswordGenerator unknown = new PasswordGenerator(UNKNOWN_PASSWORD_LENGTH);

    public Expiry(Ledger ledger, Directory directory, AuditTrail audit, Clock clock, int chunkSize) {
        this.ledger = ledger;
        this.directory = directory;
        this.audit = audit;
        this.clock = clock;
        this.chunkSize = chunkSize;
    }

    /**
     * @param expired users whose temporary password was replaced now, for follow-up
     * @param changed users found to have chosen their own password: left alone
     * @param notExpired users whose password could not be replaced, each with the reason
     */
    public record Result(List<Told> expired, int changed, Map<Told, String> notExpired) {

        public boolean complete() {
            return this.notExpired.isEmpty();
        }
    }

    /** True if some temporary password is past its expiry and not known to be replaced. */
    public boolean anyDue() {
        return !this.ledger.expiredAndNotChanged(this.clock.instant()).isEmpty();
    }

    /**
     * Replaces every expired, unused temporary password the operator may reset. Stops with
     * {@link DirectoryUnavailableException} if the directory stops answering; what was done so far
     * is recorded and the next {@code expire} goes on from there.
     */
    public Result expire(DirectoryUser operator) {
        List<Told> due = this.ledger.expiredAndNotChanged(this.clock.instant());
        List<Told> expired = new ArrayList<>();
        Map<Told, String> notExpired = new java.util.LinkedHashMap<>();
        int changed = 0;
        for (int from = 0; from < due.size(); from += this.chunkSize) {
            List<Told> some = due.subList(from, Math.min(due.size(), from + this.chunkSize));
            Map<String, DirectoryUser> users = this.directory
                .findAll(some.stream().map((told) -> told.entry().userPrincipalName()).toList());
            List<Told> replacing = new ArrayList<>();
            List<PasswordReset> resets = new ArrayList<>();
            List<AuditEvent> events = new ArrayList<>();
            for (Told told : some) {
                DirectoryUser user = users.get(DirectoryUser.key(told.entry().userPrincipalName()));
                String target = told.entry().userPrincipalName();
                if (user == null) {
                    notExpired.put(told, "no longer in the directory");
                    continue;
                }
                boolean interrupted = told.expiredAt() != null;
                if (!interrupted && this.directory.passwordReplacedSince(user, told.setNoLaterThan())) {
                    this.ledger.passwordChanged(told.entry(),
                            (user.passwordLastSet() != null) ? user.passwordLastSet() : this.clock.instant());
                    changed++;
                    continue;
                }
                if (user.state() != AccountState.ACTIVE) {
                    notExpired.put(told, "the account is " + user.state().description()
                            + "; its temporary password is replaced once it is active again");
                    continue;
                }
                Optional<String> denial = ResetPermissions.denial(operator, user);
                if (denial.isPresent()) {
                    notExpired.put(told, denial.get());
                    events.add(event(operator, target, "DENIED", denial.get(), told));
                    continue;
                }
                replacing.add(told);
                resets.add(new PasswordReset(user, this.unknown.generate()));
            }
            try {
                if (!resets.isEmpty()) {
                    replace(operator, replacing, resets, expired, notExpired, events);
                }
            }
            finally {
                resets.forEach((reset) -> reset.password().destroy());
                this.audit.recordAll(events);
            }
        }
        if (!due.isEmpty()) {
            logger.info("Expired temporary passwords: {} replaced, {} changed by their users, {} not replaced.",
                    expired.size(), changed, notExpired.size());
        }
        return new Result(expired, changed, notExpired);
    }

    private void replace(DirectoryUser operator, List<Told> replacing, List<PasswordReset> resets, List<Told> expired,
            Map<Told, String> notExpired, List<AuditEvent> events) {
        Instant began = this.clock.instant();
        replacing.forEach((told) -> this.ledger.expiring(told.entry(), began));
        List<ResetResult> results = this.directory.resetPasswords(resets);
        Instant done = this.clock.instant();
        String unreachable = null;
        for (int i = 0; i < results.size(); i++) {
            Told told = replacing.get(i);
            ResetResult result = results.get(i);
            String target = told.entry().userPrincipalName();
            if (result.succeeded()) {
                String reason = "told on " + WHEN.format(told.entry().notifiedAt()) + "; the temporary password "
                        + "expired unused at " + WHEN.format(told.entry().expiresAt()) + " and was replaced on "
                        + WHEN.format(done) + " by a random one nobody knows: 'followup --resend' sends a new one";
                this.ledger.expired(told.entry(), done, reason);
                events.add(event(operator, target, "REPLACED", "temporary password expired unused", told));
                expired.add(told);
            }
            else {
                notExpired.put(told, result.failure());
                events.add(event(operator, target, "FAILED", result.failure(), told));
                if (result.outcome() == Directory.Outcome.UNREACHABLE) {
                    unreachable = result.failure(); // it may have been replaced: the next expire replaces it again
                }
                else {
                    this.ledger.expiring(told.entry(), null); // refused: the password the user was told still works
                }
            }
        }
        if (unreachable != null) {
            this.audit.recordAll(events);
            events.clear();
            throw new DirectoryUnavailableException("The directory stopped answering while expired temporary "
                    + "passwords were being replaced (" + unreachable + "); " + expired.size() + " were replaced. "
                    + "Run 'expire' again once it answers: it goes on from there.", null);
        }
    }

    private AuditEvent event(DirectoryUser operator, String target, String outcome, String reason, Told told) {
        return new AuditEvent(this.clock.instant(), operator.userPrincipalName(), target, Action.EXPIRE, outcome,
                reason, told.entry().jobInstanceId());
    }
}
