package org.bulkresend.job;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Map;

import org.bulkresend.ledger.LedgerEntry;
import org.bulkresend.ledger.Status;

/**
 * The rules that depend on other rows, shared by the real run and the dry run: only the first
 * row for a user counts, and a user an earlier run already told is skipped unless the admin
 * asked for {@code --rerun}.
 */
final class RowRules {

    static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
        .withZone(ZoneId.of("UTC"));

    private RowRules() {
    }

    /**
     * The row's final status if it does not go ahead, or null if its user is to be reset.
     *
     * @param claims the first line that spoke for each user so far; this row's claim is added
     * @param notifiedBefore users an earlier run told (empty with {@code --rerun})
     */
    static Verdict verdict(ResendItem item, Claims claims, Map<String, LedgerEntry> notifiedBefore) {
        long line = item.request().line();
        Status status = item.rejection();
        String reason = item.reason();
        String key = item.userKey();
        if (key != null && (status == null || status.claimsUser())) {
            long first = claims.claim(key, line);
            if (first >= 0 && first < line) {
                return new Verdict(Status.REJECTED_DUPLICATE,
                        "same user as line " + first + "; only the first row for a user is used");
            }
        }
        if (status == null && notifiedBefore.containsKey(key)) {
            LedgerEntry earlier = notifiedBefore.get(key);
            return new Verdict(Status.SKIPPED_ALREADY_NOTIFIED, "already notified on "
                    + DAY.format(earlier.notifiedAt()) + " by run " + earlier.jobInstanceId()
                    + "; use --rerun to reset and notify again");
        }
        return (status != null) ? new Verdict(status, reason) : null;
    }

    record Verdict(Status status, String reason) {
    }

    /** The first line that spoke for each user. */
    interface Claims {

        /** Records this line's claim on the user; returns the first line that claimed them, or -1 if none did. */
        long claim(String userKey, long line);

        /** Claims kept in a map: a chunk's, started from the ledger. */
        static Claims of(Map<String, Long> firstLines) {
            return (userKey, line) -> {
                Long first = firstLines.putIfAbsent(userKey, line);
                return (first != null) ? first : -1;
            };
        }
    }
}
