package org.bulkresend.ledger;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import org.bulkresend.credential.CredentialKind;

import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The ledger: one row per input row per run (job instance). It never holds a password. Writes
 * join the caller's transaction, so an outcome commits together with the reader position of
 * the chunk it belongs to.
 */
public class Ledger {

    private static final String COLUMNS = "JOB_INSTANCE_ID, LINE_NUMBER, USER_PRINCIPAL_NAME, DISPLAY_NAME, "
            + "NOTIFY_ADDRESS, STATUS, REASON, ATTEMPTS, RESET_AT, NOTIFIED_AT, MESSAGE_ID, MESSAGE_LANGUAGE, EXPIRES_AT, "
            + "MESSAGE_TIME_ZONE, CREDENTIAL";

    private final JdbcClient jdbc;

    private final NamedParameterJdbcTemplate named;

    private final Clock clock;

    public Ledger(JdbcClient jdbc, NamedParameterJdbcTemplate named, Clock clock) {
        this.jdbc = jdbc;
        this.named = named;
        this.clock = clock;
    }

    /** Inserts or replaces each entry (keyed by run and line). */
    public void save(List<LedgerEntry> entries) {
        if (entries.isEmpty()) {
            return;
        }
        Timestamp now = Timestamp.from(this.clock.instant());
        MapSqlParameterSource[] batch = entries.stream().map((entry) -> params(entry, now))
            .toArray(MapSqlParameterSource[]::new);
        this.named.batchUpdate("""
                MERGE INTO RESEND_LEDGER L
                USING (VALUES (CAST(:instance AS BIGINT), CAST(:line AS BIGINT))) AS K (INSTANCE, LINE)
                ON L.JOB_INSTANCE_ID = K.INSTANCE AND L.LINE_NUMBER = K.LINE
                WHEN MATCHED THEN UPDATE SET USER_PRINCIPAL_NAME = :upn, UPN_KEY = :upnKey,
                    DISPLAY_NAME = :displayName, NOTIFY_ADDRESS = :address, STATUS = :status, REASON = :reason,
                    ATTEMPTS = :attempts, RESET_AT = :resetAt, NOTIFIED_AT = :notifiedAt, MESSAGE_ID = :messageId,
                    MESSAGE_LANGUAGE = :language, EXPIRES_AT = :expiresAt, MESSAGE_TIME_ZONE = :timeZone,
                    CREDENTIAL = :credential, UPDATED_AT = :now
                WHEN NOT MATCHED THEN INSERT (JOB_INSTANCE_ID, LINE_NUMBER, USER_PRINCIPAL_NAME, UPN_KEY,
                    DISPLAY_NAME, NOTIFY_ADDRESS, STATUS, REASON, ATTEMPTS, RESET_AT, NOTIFIED_AT, MESSAGE_ID,
                    MESSAGE_LANGUAGE, EXPIRES_AT, MESSAGE_TIME_ZONE, CREDENTIAL, UPDATED_AT)
                  VALUES (:instance, :line, :upn, :upnKey, :displayName, :address, :status, :reason, :attempts,
                    :resetAt, :notifiedAt, :messageId, :language, :expiresAt, :timeZone, :credential, :now)""", batch);
    }

    /**
     * Texts are clipped to their columns: a row rejected for a field longer than any row may have
     * (RowParser.MAX_FIELD_LENGTH) is still recorded, with its reason; the rest of the field is in
     * the input file.
     */
    private static MapSqlParameterSource params(LedgerEntry entry, Timestamp now) {
        return new MapSqlParameterSource().addValue("instance", entry.jobInstanceId())
            .addValue("line", entry.line())
            .addValue("upn", clip(entry.userPrincipalName(), 1024))
            .addValue("upnKey", clip(key(entry.userPrincipalName()), 1024))
            .addValue("displayName", clip(entry.displayName(), 1024))
            .addValue("address", clip(entry.notifyAddress(), 1024))
            .addValue("status", entry.status().name())
            .addValue("reason", clip(entry.reason(), 2048))
            .addValue("attempts", entry.attempts())
            .addValue("resetAt", timestamp(entry.resetAt()))
            .addValue("notifiedAt", timestamp(entry.notifiedAt()))
            .addValue("messageId", clip(entry.messageId(), 998))
            .addValue("language", clip(entry.language(), 35))
            .addValue("expiresAt", timestamp(entry.expiresAt()))
            .addValue("timeZone", clip(entry.timeZone(), 64))
            .addValue("credential", entry.credential().name())
            .addValue("now", now);
    }

    private static String clip(String text, int columnLength) {
        return (text != null && text.length() > columnLength) ? text.substring(0, columnLength) : text;
    }

    /** The entries already recorded for these lines of a run (a chunk re-read after a crash). */
    public Map<Long, LedgerEntry> entriesForLines(long jobInstanceId, Collection<Long> lines) {
        Map<Long, LedgerEntry> found = new HashMap<>();
        if (lines.isEmpty()) {
            return found;
        }
        this.named
            .query("SELECT " + COLUMNS + " FROM RESEND_LEDGER WHERE JOB_INSTANCE_ID = :instance AND LINE_NUMBER IN (:lines)",
                    new MapSqlParameterSource("instance", jobInstanceId).addValue("lines", lines), ENTRY)
            .forEach((entry) -> found.put(entry.line(), entry));
        return found;
    }

    /** For each user, the first line of this run whose status speaks for that user. */
    public Map<String, Long> firstClaimingLines(long jobInstanceId, Collection<String> userKeys) {
        Map<String, Long> found = new HashMap<>();
        if (userKeys.isEmpty()) {
            return found;
        }
        List<String> claiming = Arrays.stream(Status.values()).filter(Status::claimsUser).map(Enum::name)
            .toList();
        this.named.query("""
                SELECT UPN_KEY, MIN(LINE_NUMBER) AS FIRST_LINE FROM RESEND_LEDGER
                WHERE JOB_INSTANCE_ID = :instance AND UPN_KEY IN (:keys) AND STATUS IN (:claiming)
                GROUP BY UPN_KEY""",
                new MapSqlParameterSource("instance", jobInstanceId).addValue("keys", userKeys)
                    .addValue("claiming", claiming),
                (rs) -> {
                    found.put(rs.getString("UPN_KEY"), rs.getLong("FIRST_LINE"));
                });
        return found;
    }

    /** For each user, the latest NOTIFIED entry from any other run. */
    public Map<String, LedgerEntry> notifiedInOtherRuns(long jobInstanceId, Collection<String> userKeys) {
        return latestInOtherRuns(jobInstanceId, userKeys, List.of(Status.NOTIFIED.name()));
    }

    private Map<String, LedgerEntry> latestInOtherRuns(long jobInstanceId, Collection<String> userKeys,
            List<String> statuses) {
        Map<String, LedgerEntry> found = new HashMap<>();
        if (userKeys.isEmpty()) {
            return found;
        }
        this.named.query("SELECT " + COLUMNS + """
                , UPN_KEY FROM RESEND_LEDGER
                WHERE UPN_KEY IN (:keys) AND STATUS IN (:statuses) AND JOB_INSTANCE_ID <> :instance
                ORDER BY NOTIFIED_AT""",
                new MapSqlParameterSource("instance", jobInstanceId).addValue("keys", userKeys)
                    .addValue("statuses", statuses), (rs) -> {
                        found.put(rs.getString("UPN_KEY"), ENTRY.mapRow(rs, 0));
                    });
        return found;
    }

    /**
     * For each user, the latest entry from any other run that told them a password (NOTIFIED, or
     * EXPIRED since): a user reset again is on their next attempt.
     */
    public Map<String, LedgerEntry> toldInOtherRuns(long jobInstanceId, Collection<String> userKeys) {
        return latestInOtherRuns(jobInstanceId, userKeys, List.of(Status.NOTIFIED.name(), Status.EXPIRED.name()));
    }

    /** The lines of a run whose rows are in this status. */
    public Set<Long> linesWithStatus(long jobInstanceId, Status status) {
        return new HashSet<>(this.jdbc
            .sql("SELECT LINE_NUMBER FROM RESEND_LEDGER WHERE JOB_INSTANCE_ID = ? AND STATUS = ?")
            .params(jobInstanceId, status.name())
            .query(Long.class)
            .list());
    }

    /** For each user, the latest NOTIFIED entry from any run. */
    public Map<String, LedgerEntry> notifiedByAnyRun(Collection<String> userKeys) {
        return notifiedInOtherRuns(Long.MIN_VALUE, userKeys);
    }

    /** Streams a run's entries in line order, without holding them all. */
    public void forEachEntry(long jobInstanceId, Consumer<LedgerEntry> consumer) {
        this.jdbc.sql("SELECT " + COLUMNS + " FROM RESEND_LEDGER WHERE JOB_INSTANCE_ID = ? ORDER BY LINE_NUMBER")
            .param(jobInstanceId)
            .query((rs) -> {
                consumer.accept(ENTRY.mapRow(rs, 0));
            });
    }

    /**
     * A temporary password bulk-resend told a user, as the ledger knows it now.
     *
     * @param expiredAt when {@code expire} replaced it, or null; on a NOTIFIED entry, when an
     * {@code expire} began to replace it and was interrupted
     */
    public record Told(LedgerEntry entry, Instant expiredAt) {

        /** After this moment, a new password in the directory is not the one bulk-resend set. */
        public Instant setNoLaterThan() {
            return (this.entry.status() == Status.EXPIRED && this.expiredAt != null) ? this.expiredAt
                    : this.entry.notifiedAt();
        }
    }

    private static final String LATEST_RESET_OF_USER = """
            NOT EXISTS (SELECT 1 FROM RESEND_LEDGER N WHERE N.UPN_KEY = L.UPN_KEY AND N.RESET_AT > L.RESET_AT)""";

    /**
     * Users told a temporary password no later than {@code toldBefore} (NOTIFIED, or EXPIRED since)
     * that nobody has seen them replace, each by their latest reset only, oldest first.
     */
    public List<Told> toldAndNotChanged(Instant toldBefore) {
        return this.jdbc.sql("SELECT " + prefixed() + ", L.EXPIRED_AT FROM RESEND_LEDGER L "
                + "WHERE L.STATUS IN ('NOTIFIED', 'EXPIRED') AND L.PASSWORD_CHANGED_AT IS NULL AND L.NOTIFIED_AT <= ? "
                + "AND " + LATEST_RESET_OF_USER + " ORDER BY L.NOTIFIED_AT, L.JOB_INSTANCE_ID, L.LINE_NUMBER")
            .param(Timestamp.from(toldBefore))
            .query((rs, row) -> new Told(ENTRY.mapRow(rs, row), instant(rs, "EXPIRED_AT")))
            .list();
    }

    /**
     * Users told a temporary password that expired at or before {@code now}, not seen replaced, latest
     * reset only. A Temporary Access Pass is not among them: it stops working by itself.
     */
    public List<Told> expiredAndNotChanged(Instant now) {
        return this.jdbc.sql("SELECT " + prefixed() + ", L.EXPIRED_AT FROM RESEND_LEDGER L "
                + "WHERE L.STATUS = 'NOTIFIED' AND L.EXPIRES_AT <= ? AND L.PASSWORD_CHANGED_AT IS NULL "
                + "AND (L.CREDENTIAL IS NULL OR L.CREDENTIAL = 'PASSWORD') "
                + "AND " + LATEST_RESET_OF_USER + " ORDER BY L.EXPIRES_AT, L.JOB_INSTANCE_ID, L.LINE_NUMBER")
            .param(Timestamp.from(now))
            .query((rs, row) -> new Told(ENTRY.mapRow(rs, row), instant(rs, "EXPIRED_AT")))
            .list();
    }

    /**
     * Users told a Temporary Access Pass no later than {@code toldBefore} whose pass has not ended at
     * {@code now} and who are not yet seen to have set up a sign-in method, latest reset only, oldest
     * first. An entry whose revocation began ({@code expiredAt}) is among them until it is recorded.
     */
    public List<Told> passesToldAndUnclaimed(Instant toldBefore, Instant now) {
        return this.jdbc.sql("SELECT " + prefixed() + ", L.EXPIRED_AT FROM RESEND_LEDGER L "
                + "WHERE L.STATUS = 'NOTIFIED' AND L.CREDENTIAL = 'TAP' AND L.PASSWORD_CHANGED_AT IS NULL "
                + "AND L.NOTIFIED_AT <= ? AND L.EXPIRES_AT > ? AND " + LATEST_RESET_OF_USER
                + " ORDER BY L.NOTIFIED_AT, L.JOB_INSTANCE_ID, L.LINE_NUMBER")
            .params(Timestamp.from(toldBefore), Timestamp.from(now))
            .query((rs, row) -> new Told(ENTRY.mapRow(rs, row), instant(rs, "EXPIRED_AT")))
            .list();
    }

    /**
     * Records that the directory shows the user made the credential their own (at {@code changedAt},
     * if it says): chose their own password, or set up a sign-in method with their pass.
     */
    public void passwordChanged(LedgerEntry entry, Instant changedAt) {
        this.jdbc.sql("UPDATE RESEND_LEDGER SET PASSWORD_CHANGED_AT = ?, UPDATED_AT = ? "
                + "WHERE JOB_INSTANCE_ID = ? AND LINE_NUMBER = ?")
            .params(Timestamp.from(changedAt), Timestamp.from(this.clock.instant()), entry.jobInstanceId(),
                    entry.line())
            .update();
    }

    /**
     * Records, before the directory is asked, that the password is about to be replaced: if the
     * process dies before {@link #expired}, the next {@code expire} replaces it again. Null clears it
     * (the directory refused the replacement).
     */
    public void expiring(LedgerEntry entry, Instant at) {
        this.jdbc.sql("UPDATE RESEND_LEDGER SET EXPIRED_AT = ?, UPDATED_AT = ? WHERE JOB_INSTANCE_ID = ? "
                + "AND LINE_NUMBER = ? AND STATUS = 'NOTIFIED'")
            .params(timestamp(at), Timestamp.from(this.clock.instant()), entry.jobInstanceId(), entry.line())
            .update();
    }

    /** Records that the directory replaced the told password by one nobody knows, at {@code at}. */
    public void expired(LedgerEntry entry, Instant at, String reason) {
        this.jdbc.sql("UPDATE RESEND_LEDGER SET STATUS = 'EXPIRED', REASON = ?, EXPIRED_AT = ?, UPDATED_AT = ? "
                + "WHERE JOB_INSTANCE_ID = ? AND LINE_NUMBER = ?")
            .params(reason, Timestamp.from(at), Timestamp.from(this.clock.instant()), entry.jobInstanceId(),
                    entry.line())
            .update();
    }

    private static String prefixed() {
        return Arrays.stream(COLUMNS.split(",")).map(String::strip).map((c) -> "L." + c)
            .reduce((a, b) -> a + ", " + b).orElseThrow();
    }

    public Map<Status, Long> countByStatus(long jobInstanceId) {
        Map<Status, Long> counts = new EnumMap<>(Status.class);
        this.jdbc.sql("SELECT STATUS, COUNT(*) AS N FROM RESEND_LEDGER WHERE JOB_INSTANCE_ID = ? GROUP BY STATUS")
            .param(jobInstanceId)
            .query((rs) -> {
                counts.put(Status.valueOf(rs.getString("STATUS")), rs.getLong("N"));
            });
        return counts;
    }

    private static String key(String userPrincipalName) {
        return (userPrincipalName != null) ? userPrincipalName.trim().toLowerCase(Locale.ROOT) : null;
    }

    private static Timestamp timestamp(Instant instant) {
        return (instant != null) ? Timestamp.from(instant) : null;
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return (value != null) ? value.toInstant() : null;
    }

    private static final RowMapper<LedgerEntry> ENTRY = (rs, row) -> new LedgerEntry(rs.getLong("JOB_INSTANCE_ID"),
            rs.getLong("LINE_NUMBER"), rs.getString("USER_PRINCIPAL_NAME"), rs.getString("DISPLAY_NAME"),
            rs.getString("NOTIFY_ADDRESS"), Status.valueOf(rs.getString("STATUS")), rs.getString("REASON"),
            rs.getInt("ATTEMPTS"), instant(rs, "RESET_AT"), instant(rs, "NOTIFIED_AT"), rs.getString("MESSAGE_ID"),
            rs.getString("MESSAGE_LANGUAGE"), instant(rs, "EXPIRES_AT"), rs.getString("MESSAGE_TIME_ZONE"),
            credential(rs.getString("CREDENTIAL")));

    /** Rows recorded before runs could give Temporary Access Passes have no kind: they were passwords. */
    private static CredentialKind credential(String name) {
        return (name != null) ? CredentialKind.valueOf(name) : CredentialKind.PASSWORD;
    }
}
