package org.bulkresend.run;

import java.nio.file.Path;
import java.util.Map;

import org.bulkresend.credential.CredentialKind;
import org.bulkresend.ledger.Status;
import org.bulkresend.notify.MailRoute;

/**
 * What a run is about to do, made once everything before its first change has passed (the file
 * admitted and held, the credential and the mail route chosen, the passes admitted, the route
 * probed), so that an admin at a terminal sees it and can still say no with nothing changed.
 *
 * @param input the file the run takes
 * @param directory the directory in words, with its tenant or domain
 * @param operator the admin the run acts for
 * @param credential what the users are given
 * @param passes the Temporary Access Passes the users get, in a line, or null for passwords
 * @param route how the messages leave, and from which sender
 * @param continuing the run this continues, or null for a new run; then the counts are of what
 * remains of it (rows it has not finished, and users it reset but has not told)
 * @param counts the rows by the status a run would give them now: {@link Status#PREVIEWED} for
 * the users it would reset and tell
 */
public record RunPlan(Path input, String directory, String operator, CredentialKind credential, String passes,
        MailRoute route, Long continuing, Map<Status, Long> counts) {

    public RunPlan {
        counts = Map.copyOf(counts);
    }

    /** The users the run would reset (or give a pass) and tell. */
    public long toReset() {
        return this.counts.getOrDefault(Status.PREVIEWED, 0L);
    }

    /** The users the operator may not reset. */
    public long denials() {
        return this.counts.getOrDefault(Status.DENIED_NOT_PERMITTED, 0L);
    }

    /** The rows the run would reject: invalid, unknown or inactive users, duplicates, unreachable addresses. */
    public long rejections() {
        return this.counts.entrySet()
            .stream()
            .filter((count) -> count.getKey().name().startsWith("REJECTED_"))
            .mapToLong(Map.Entry::getValue)
            .sum();
    }

    /** The users an earlier run already told, whom this one leaves alone. */
    public long alreadyTold() {
        return this.counts.getOrDefault(Status.SKIPPED_ALREADY_NOTIFIED, 0L);
    }
}
