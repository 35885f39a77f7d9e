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
            + "NOTIFY_ADDRESS, STATUS, REASON, ATTEMPTS, RESET_AT, NOTIFIED_AT, MESSAGE_ID, MESSAGE_LANGUAGE";

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
                    MESSAGE_LANGUAGE = :language, UPDATED_AT = :now
                WHEN NOT MATCHED THEN INSERT (JOB_INSTANCE_ID, LINE_NUMBER, USER_PRINCIPAL_NAME, UPN_KEY,
                    DISPLAY_NAME, NOTIFY_ADDRESS, STATUS, REASON, ATTEMPTS, RESET_AT, NOTIFIED_AT, MESSAGE_ID,
                    MESSAGE_LANGUAGE, UPDATED_AT)
                  VALUES (:instance, :line, :upn, :upnKey, :displayName, :address, :status, :reason, :attempts,
                    :resetAt, :notifiedAt, :messageId, :language, :now)""", batch);
    }

    private static MapSqlParameterSource params(LedgerEntry entry, Timestamp now) {
        return new MapSqlParameterSource().addValue("instance", entry.jobInstanceId())
            .addValue("line", entry.line())
            .addValue("upn", entry.userPrincipalName())
            .addValue("upnKey", key(entry.userPrincipalName()))
            .addValue("displayName", entry.displayName())
            .addValue("address", entry.notifyAddress())
            .addValue("status", entry.status().name())
            .addValue("reason", entry.reason())
            .addValue("attempts", entry.attempts())
            .addValue("resetAt", timestamp(entry.resetAt()))
            .addValue("notifiedAt", timestamp(entry.notifiedAt()))
            .addValue("messageId", entry.messageId())
            .addValue("language", entry.language())
            .addValue("now", now);
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
        Map<String, LedgerEntry> found = new HashMap<>();
        if (userKeys.isEmpty()) {
            return found;
        }
        this.named.query("SELECT " + COLUMNS + """
                , UPN_KEY FROM RESEND_LEDGER
                WHERE UPN_KEY IN (:keys) AND STATUS = 'NOTIFIED' AND JOB_INSTANCE_ID <> :instance
                ORDER BY NOTIFIED_AT""",
                new MapSqlParameterSource("instance", jobInstanceId).addValue("keys", userKeys), (rs) -> {
                    found.put(rs.getString("UPN_KEY"), ENTRY.mapRow(rs, 0));
                });
        return found;
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
            rs.getString("MESSAGE_LANGUAGE"));
}
