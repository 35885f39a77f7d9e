package org.bulkresend.job;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.bulkresend.access.AuditTrail;
import org.bulkresend.access.ResetPermissions;
import org.bulkresend.credential.CredentialKind;
import org.bulkresend.directory.AccessRules;
import org.bulkresend.directory.AccountState;
import org.bulkresend.directory.Directory;
import org.bulkresend.directory.DirectoryUnavailableException;
import org.bulkresend.directory.DirectoryUser;
import org.bulkresend.input.ResendRequest;
import org.bulkresend.ledger.Ledger;
import org.bulkresend.ledger.Ledger.Told;
import org.bulkresend.ledger.Status;
import org.bulkresend.password.PasswordGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code expire}: every temporary password past its expiry ({@code run --temp-password-ttl}) that
 * its user has not replaced is replaced by a random one that nobody knows, still to be changed at
 * next sign-in, so a forgotten message in an old mailbox is no longer a key to the account. The
 * ledger entry becomes {@code EXPIRED}, the audit trail says who did it, and the user is listed
 * for {@code followup}. Users who chose their own password are left alone and recorded as such.
 * <p>
 * This class does the checks (is it still the password bulk-resend set, is the account active, may
 * this operator reset the user); the replacement itself goes through the same {@link ResetAndTell}
 * sequence as a run, with nobody told: the ledger records that a replacement began before the
 * directory is asked, and an {@code expire} that finds such an entry replaces that password again
 * (once more a random one) before recording it as expired.
 */
public class Expiry {

    private static final Logger logger = LoggerFactory.getLogger(Expiry.class);

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
        ExpiryRecords records = new ExpiryRecords(this.ledger, this.audit, this.clock, operator.userPrincipalName());
        ResetAndTell sequence = ResetAndTell.nobodyTold(
                CredentialIssuer.passwords(this.directory::resetPasswords, (item) -> this.unknown.generate()), records,
                this.clock);
        int changed = 0;
        for (int from = 0; from < due.size(); from += this.chunkSize) {
            List<Told> some = due.subList(from, Math.min(due.size(), from + this.chunkSize));
            Map<String, DirectoryUser> users = this.directory
                .findAll(some.stream().map((told) -> told.entry().userPrincipalName()).toList());
            List<ResendItem> items = new ArrayList<>();
            for (Told told : some) {
                DirectoryUser user = users.get(DirectoryUser.key(told.entry().userPrincipalName()));
                boolean interrupted = told.expiredAt() != null;
                if (user != null && !interrupted
                        && this.directory.passwordReplacedSince(user, told.setNoLaterThan())) {
                    this.ledger.passwordChanged(told.entry(),
                            (user.passwordLastSet() != null) ? user.passwordLastSet() : this.clock.instant());
                    changed++;
                    continue;
                }
                items.add(check(told, user, operator, records.add(told), this.directory.accessRules()));
            }
            try {
                sequence.chunk(items);
            }
            catch (DirectoryUnavailableException ex) {
                // Either a user's replacement went unanswered, or the directory gave up on the whole chunk.
                String why = (records.unreachable() != null) ? records.unreachable() : ex.getMessage();
                throw new DirectoryUnavailableException("The directory stopped answering while expired temporary "
                        + "passwords were being replaced (" + why + "); " + records.expired().size()
                        + " were replaced. Run 'expire' again once it answers: it goes on from there.", ex);
            }
        }
        if (!due.isEmpty()) {
            logger.info("Expired temporary passwords: {} replaced, {} changed by their users, {} not replaced.",
                    records.expired().size(), changed, records.notExpired().size());
        }
        return new Result(records.expired(), changed, records.notExpired());
    }

    /** The told password as the sequence's item: to be replaced, or why it is not. */
    private static ResendItem check(Told told, DirectoryUser user, DirectoryUser operator, long line,
            AccessRules rules) {
        ResendRequest request = new ResendRequest(line, told.entry().userPrincipalName(), null,
                told.entry().displayName(), null, null, null, null);
        if (user == null) {
            return ResendItem.rejected(request, null, null, Status.REJECTED_UNKNOWN_USER,
                    "no longer in the directory");
        }
        if (user.state() != AccountState.ACTIVE) {
            return ResendItem.rejected(request, user, null, Status.REJECTED_NOT_ACTIVE, "the account is "
                    + user.state().description() + "; its temporary password is replaced once it is active again");
        }
        Optional<String> denial = ResetPermissions.denial(rules, operator, user, CredentialKind.PASSWORD);
        if (denial.isPresent()) {
            return ResendItem.rejected(request, user, null, Status.DENIED_NOT_PERMITTED, denial.get());
        }
        return ResendItem.eligible(request, user, null);
    }
}
