package org.bulkresend.followup;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.bulkresend.credential.CredentialKind;
import org.bulkresend.directory.AccountState;
import org.bulkresend.directory.Directory;
import org.bulkresend.directory.DirectoryUser;
import org.bulkresend.ledger.Ledger;
import org.bulkresend.ledger.Ledger.Told;

/**
 * Users told a temporary password more than a while ago who still have not replaced it: in the
 * embedded directory, the must-change flag is still set; in Microsoft Entra ID, the
 * {@code lastPasswordChangeDateTime} is not after they were told. Users told a Temporary Access
 * Pass are done once they have set up a sign-in method other than a password and a pass
 * ({@link Directory#registeredSignInMethod}). Users seen to be done are recorded in the ledger, so
 * they are not looked up again.
 */
public class FollowUp {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
        .withZone(ZoneId.systemDefault());

    /** Users looked up in the directory at once. */
    static final int LOOK_UP = 100;

    private final Ledger ledger;

    private final Directory directory;

    private final Clock clock;

    private final Path outDir;

    /** @param outDir where a list for {@code --resend} goes when the admin names no file */
    public FollowUp(Ledger ledger, Directory directory, Clock clock, Path outDir) {
        this.ledger = ledger;
        this.directory = directory;
        this.clock = clock;
        this.outDir = outDir;
    }

    /**
     * @param pending told at least {@code olderThan} ago and still on the password bulk-resend set
     * (or on none, if it expired), oldest first
     * @param changed users found to have chosen their own password since, now recorded
     * @param gone users no longer in the directory
     * @param inactive users whose account is blocked or disabled, so they cannot sign in anyway
     */
    public record Result(List<Told> pending, int changed, List<Told> gone, List<Told> inactive) {
    }

    public Result find(Duration olderThan) {
        Instant now = this.clock.instant();
        List<Told> candidates = this.ledger.toldAndNotChanged(now.minus(olderThan));
        List<Told> pending = new ArrayList<>();
        List<Told> gone = new ArrayList<>();
        List<Told> inactive = new ArrayList<>();
        int changed = 0;
        for (int from = 0; from < candidates.size(); from += LOOK_UP) {
            List<Told> some = candidates.subList(from, Math.min(candidates.size(), from + LOOK_UP));
            Map<String, DirectoryUser> users = this.directory
                .findAll(some.stream().map((told) -> told.entry().userPrincipalName()).toList());
            for (Told told : some) {
                DirectoryUser user = users.get(DirectoryUser.key(told.entry().userPrincipalName()));
                boolean expiring = told.entry().status() == org.bulkresend.ledger.Status.NOTIFIED
                        && told.expiredAt() != null; // an expire was interrupted: the next one finishes it
                if (user == null) {
                    gone.add(told);
                }
                else if (told.entry().credential() == CredentialKind.TAP) {
                    if (this.directory.registeredSignInMethod(user)) {
                        this.ledger.passwordChanged(told.entry(), now);
                        changed++;
                    }
                    else if (user.state() != AccountState.ACTIVE) {
                        inactive.add(told);
                    }
                    else {
                        pending.add(told);
                    }
                }
                else if (!expiring && this.directory.passwordReplacedSince(user, told.setNoLaterThan())) {
                    this.ledger.passwordChanged(told.entry(),
                            (user.passwordLastSet() != null) ? user.passwordLastSet() : now);
                    changed++;
                }
                else if (user.state() != AccountState.ACTIVE) {
                    inactive.add(told);
                }
                else {
                    pending.add(told);
                }
            }
        }
        return new Result(pending, changed, gone, inactive);
    }

    /**
     * Writes the pending users to a file that is also an input file: to {@code csv} if the admin
     * named one, else, when they are to be resent, to a new file under {@code <out-dir>/followup/}
     * (the resend's run reads it, and the report names it).
     *
     * @return the file written, or null if none was asked for
     */
    public Path writeList(Result found, Path csv, boolean forResend) {
        Path list = csv;
        if (list == null && forResend && !found.pending().isEmpty()) {
            list = this.outDir.resolve("followup").resolve("followup-" + STAMP.format(this.clock.instant()) + ".csv");
        }
        if (list == null) {
            return null;
        }
        list = list.toAbsolutePath().normalize();
        FollowUpList.write(list, found.pending());
        return list;
    }
}
