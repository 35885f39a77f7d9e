package org.bulkresend.config;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Settings the embedded database needs beyond what its URL can give.
 * <ul>
 * <li>Write delay off on a database created by an older version or by hand: the URL's
 * {@code hsqldb.write_delay=false} only applies when a database is created, and with a delay a
 * {@code kill -9} loses the last recorded outcomes.</li>
 * <li>Warnings and errors to the external event log (level 2): HSQLDB reports a log write that
 * failed (disk full, read-only device) there and nowhere else, the commit returning as if it were
 * durable; {@link org.bulkresend.storage.DataDirectoryStorage} turns them into failed commits. The
 * setting is stored in the database, so it holds from the next open on.</li>
 * <li>Run numbers from 1: HSQLDB identities start at 0, and "run 0" reads like a mistake.</li>
 * <li>Columns added since a data directory was created: {@code CREATE TABLE IF NOT EXISTS} leaves
 * an existing table as it was.</li>
 * </ul>
 */
class EmbeddedDatabaseSetup implements InitializingBean {

    private final JdbcClient jdbc;

    EmbeddedDatabaseSetup(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void afterPropertiesSet() {
        this.jdbc.sql("SET DATABASE EXTERNAL EVENT LOG LEVEL 2").update();
        this.jdbc.sql("SET FILES WRITE DELAY FALSE").update();
        addColumn("RESEND_LEDGER", "MESSAGE_LANGUAGE", "VARCHAR(35)");
        addColumn("RESEND_LEDGER", "EXPIRES_AT", "TIMESTAMP WITH TIME ZONE");
        addColumn("RESEND_LEDGER", "EXPIRED_AT", "TIMESTAMP WITH TIME ZONE");
        addColumn("RESEND_LEDGER", "PASSWORD_CHANGED_AT", "TIMESTAMP WITH TIME ZONE");
        addColumn("RESEND_LEDGER", "MESSAGE_TIME_ZONE", "VARCHAR(64)");
        addColumn("RESEND_LEDGER", "CREDENTIAL", "VARCHAR(16)");
        addColumn("DIRECTORY_USER", "TIME_ZONE", "VARCHAR(64)");
        this.jdbc.sql("CREATE INDEX IF NOT EXISTS RESEND_LEDGER_BY_EXPIRY ON RESEND_LEDGER (STATUS, EXPIRES_AT)")
            .update();
        long runs = this.jdbc.sql("SELECT COUNT(*) FROM BATCH_JOB_INSTANCE").query(Long.class).single();
        if (runs == 0) {
            for (String sequence : new String[] { "BATCH_JOB_INSTANCE_SEQ", "BATCH_JOB_EXECUTION_SEQ",
                    "BATCH_STEP_EXECUTION_SEQ" }) {
                this.jdbc.sql("ALTER TABLE " + sequence + " ALTER COLUMN ID RESTART WITH 1").update();
            }
        }
    }

    private void addColumn(String table, String column, String type) {
        long present = this.jdbc.sql("""
                SELECT COUNT(*) FROM INFORMATION_SCHEMA.COLUMNS
                WHERE TABLE_NAME = ? AND COLUMN_NAME = ?""").params(table, column).query(Long.class).single();
        if (present == 0) {
            this.jdbc.sql("ALTER TABLE " + table + " ADD COLUMN " + column + " " + type + " BEFORE UPDATED_AT").update();
        }
    }
}
