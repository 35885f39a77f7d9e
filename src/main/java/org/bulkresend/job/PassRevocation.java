package org.bulkresend.job;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.bulkresend.access.AuditEvent.Action;
import org.bulkresend.access.AuditTrail;
import org.bulkresend.access.ResetPermissions;
import org.bulkresend.credential.CredentialKind;
import org.bulkresend.directory.Directory;
import org.bulkresend.directory.DirectoryUser;
import org.bulkresend.ledger.Ledger;
import org.bulkresend.ledger.Ledger.Told;

/**
 * {@code expire --revoke-unused}: the Temporary Access Pass of every user told one at least a while
 * ago who has not set up a sign-in method with it is deleted before its end, so that a pass in a
 * forgotten mailbox stops being a key to the account. A pass ends by itself; this only ends it
 * sooner, so nothing else is replaced. The ledger entry becomes {@code EXPIRED} and the user is
 * listed for {@code followup --resend}; the audit trail says who did it.
 * <p>
 * The intent is recorded before the directory is asked: a revocation interrupted after the
 * directory deleted the pass is finished by the next one, which finds no pass left and records it.
 */
public class PassRevocation {

    static final String REVOKED = "the Temporary Access Pass was revoked unused before its end "
            + "(expire --revoke-unused); the user needs a new one";

    static final String ENDED = "the Temporary Access Pass no longer works (a one-time pass used, or deleted or "
            + "replaced outside bulk-resend) and no sign-in method was set up with it; the user needs a new one";

    private final Ledger ledger;

    private final Directory directory;

    private final AuditTrail audit;

    private final Clock clock;

    public PassRevocation(Ledger ledger, Directory directory, AuditTrail audit, Clock clock) {
        this.ledger = ledger;
        this.directory = directory;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * @param revoked users whose pass was deleted now, for follow-up
     * @param ended users whose pass was already gone from the directory (a one-time pass used, or
     * deleted or replaced elsewhere) without a sign-in method set up: recorded as expired, for follow-up
     * @param done users found to have set up a sign-in method: left alone, and recorded as done
     * @param notRevoked users whose pass was not deleted, each with the reason
     */
    public record Result(List<Told> revoked, List<Told> ended, int done, Map<Told, String> notRevoked) {

        public boolean complete() {
            return this.notRevoked.isEmpty();
        }
    }

    /** Revokes the unused passes of users told at least {@code toldAgo} ago that this operator may revoke. */
    public Result revokeUnused(DirectoryUser operator, Duration toldAgo) {
        Instant now = this.clock.instant();
        List<Told> revoked = new ArrayList<>();
        List<Told> ended = new ArrayList<>();
        Map<Told, String> notRevoked = new LinkedHashMap<>();
        int done = 0;
        for (Told told : this.ledger.passesToldAndUnclaimed(now.minus(toldAgo), now)) {
            String upn = told.entry().userPrincipalName();
            DirectoryUser user = this.directory.find(upn).orElse(null);
            if (user == null) {
                notRevoked.put(told, "no longer in the directory");
                continue;
            }
            Optional<String> denial = ResetPermissions.denial(this.directory.accessRules(), operator, user,
                    CredentialKind.TAP);
            if (denial.isPresent()) {
                notRevoked.put(told, denial.get());
                this.audit.record(operator.userPrincipalName(), upn, Action.DENIED, "DENIED", denial.get(),
                        told.entry().jobInstanceId());
                continue;
            }
            if (this.directory.registeredSignInMethod(user)) {
                this.ledger.passwordChanged(told.entry(), now);
                done++;
                continue;
            }
            boolean resumed = told.expiredAt() != null;
            this.ledger.expiring(told.entry(), now);
            if (this.directory.revokeTemporaryAccessPass(user) || resumed) {
                this.ledger.expired(told.entry(), now, REVOKED);
                this.audit.record(operator.userPrincipalName(), upn, Action.REVOKE_PASS, "REVOKED", REVOKED,
                        told.entry().jobInstanceId());
                revoked.add(told);
            }
            else {
                this.ledger.expired(told.entry(), now, ENDED);
                ended.add(told);
            }
        }
        return new Result(revoked, ended, done, notRevoked);
    }
}
