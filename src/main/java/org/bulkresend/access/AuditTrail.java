package org.bulkresend.access;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.function.Consumer;

import org.bulkresend.access.AuditEvent.Action;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/**
 * Who did what to whom, when, and how it ended. Only ever appended to; it holds principal
 * names, actions, outcomes and reasons, never a password.
 */
public class AuditTrail {

    private final NamedParameterJdbcTemplate jdbc;

    private final Clock clock;

    public AuditTrail(NamedParameterJdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    public void record(String operator, String target, Action action, String outcome, String reason, Long run) {
        recordAll(List.of(new AuditEvent(this.clock.instant(), operator, target, action, outcome, reason, run)));
    }

    public void recordAll(List<AuditEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        this.jdbc.batchUpdate("""
                INSERT INTO AUDIT_EVENT (OCCURRED_AT, OPERATOR, TARGET, ACTION, OUTCOME, REASON, JOB_INSTANCE_ID, SENDER)
                VALUES (:at, :operator, :target, :action, :outcome, :reason, :run, :sender)""",
                events.stream().map((event) -> new MapSqlParameterSource().addValue("at", Timestamp.from(event.at()))
                    .addValue("operator", key(event.operator()))
                    .addValue("target", (event.target() != null) ? key(event.target()) : null)
                    .addValue("action", event.action().name())
                    .addValue("outcome", event.outcome())
                    .addValue("reason", event.reason())
                    .addValue("run", event.run())
                    .addValue("sender", event.sender())).toArray(MapSqlParameterSource[]::new));
    }

    /**
     * The times the messages of the last window were handed to the mail server from that mailbox,
     * sent or refused (each counts against a provider's sending quota), by any run, oldest first;
     * messages recorded before mailboxes were (without one) count for every mailbox.
     *
     * @param sender the mailbox as its quota is counted (the bare address in lower case)
     */
    public List<Instant> messageTimesSince(Instant since, String sender) {
        return this.jdbc.query("""
                SELECT OCCURRED_AT FROM AUDIT_EVENT
                WHERE ACTION = 'MESSAGE' AND OUTCOME IN ('SENT', 'REFUSED') AND OCCURRED_AT >= :since
                AND (SENDER = :sender OR SENDER IS NULL)
                ORDER BY OCCURRED_AT""",
                new MapSqlParameterSource("since", Timestamp.from(since)).addValue("sender", sender),
                (rs, row) -> rs.getObject("OCCURRED_AT", OffsetDateTime.class).toInstant());
    }

    /** How many messages of {@link #messageTimesSince} there are. */
    public long messagesSentSince(Instant since, String sender) {
        Long count = this.jdbc.queryForObject("""
                SELECT COUNT(*) FROM AUDIT_EVENT
                WHERE ACTION = 'MESSAGE' AND OUTCOME IN ('SENT', 'REFUSED') AND OCCURRED_AT >= :since
                AND (SENDER = :sender OR SENDER IS NULL)""",
                new MapSqlParameterSource("since", Timestamp.from(since)).addValue("sender", sender), Long.class);
        return (count != null) ? count : 0;
    }

    /**
     * The messages a run handed to the mail server (sent or refused), by the mailbox that sent
     * them; those recorded without one under the empty name.
     */
    public Map<String, Long> messagesOfRunBySender(long run) {
        return bySender("JOB_INSTANCE_ID = :run", new MapSqlParameterSource("run", run));
    }

    /** The messages every run handed to the mail server since then, by the mailbox that sent them. */
    public Map<String, Long> messagesBySenderSince(Instant since) {
        return bySender("OCCURRED_AT >= :since", new MapSqlParameterSource("since", Timestamp.from(since)));
    }

    private Map<String, Long> bySender(String where, MapSqlParameterSource parameters) {
        Map<String, Long> counts = new LinkedHashMap<>();
        this.jdbc.query("SELECT SENDER, COUNT(*) AS MESSAGES FROM AUDIT_EVENT WHERE ACTION = 'MESSAGE' AND OUTCOME IN "
                + "('SENT', 'REFUSED') AND " + where + " GROUP BY SENDER ORDER BY SENDER", parameters, (rs) -> {
                    String sender = rs.getString("SENDER");
                    counts.put((sender != null) ? sender : "", rs.getLong("MESSAGES"));
                });
        return counts;
    }

    /** Failed sign-ins of this operator since the given moment. */
    public int failedSignInsSince(String operator, Instant since) {
        Integer count = this.jdbc.queryForObject("""
                SELECT COUNT(*) FROM AUDIT_EVENT WHERE OPERATOR = :operator AND ACTION = 'SIGN_IN'
                AND OUTCOME <> 'SUCCEEDED' AND OCCURRED_AT >= :since""",
                new MapSqlParameterSource("operator", key(operator)).addValue("since", Timestamp.from(since)),
                Integer.class);
        return (count != null) ? count : 0;
    }

    /** Streams events in time order, optionally since a moment and for one operator. */
    public void forEach(Instant since, String operator, Consumer<AuditEvent> consumer) {
        List<String> where = new ArrayList<>();
        MapSqlParameterSource params = new MapSqlParameterSource();
        if (since != null) {
            where.add("OCCURRED_AT >= :since");
            params.addValue("since", Timestamp.from(since));
        }
        if (operator != null) {
            where.add("OPERATOR = :operator");
            params.addValue("operator", key(operator));
        }
        String sql = "SELECT OCCURRED_AT, OPERATOR, TARGET, ACTION, OUTCOME, REASON, JOB_INSTANCE_ID, SENDER FROM "
                + "AUDIT_EVENT"
                + (where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where)) + " ORDER BY ID";
        this.jdbc.query(sql, params, (rs) -> {
            long run = rs.getLong("JOB_INSTANCE_ID");
            Long ofRun = rs.wasNull() ? null : run; // a sign-in belongs to no run: none, not run 0
            consumer.accept(new AuditEvent(rs.getObject("OCCURRED_AT", OffsetDateTime.class).toInstant(), rs.getString("OPERATOR"),
                    rs.getString("TARGET"), Action.valueOf(rs.getString("ACTION")), rs.getString("OUTCOME"),
                    rs.getString("REASON"), ofRun, rs.getString("SENDER")));
        });
    }

    private static String key(String upn) {
        return upn.trim().toLowerCase(Locale.ROOT);
    }
}
