package org.bulkresend.config;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Settings the embedded database needs beyond what its URL can give.
 * <ul>
 * <li>Write delay off on a database created by an older version or by hand: the URL's
 * {@code hsqldb.write_delay=false} only applies when a database is created, and with a delay a
 * {@code kill -9} loses the last recorded outcomes.</li>
 * <li>Run numbers from 1: HSQLDB identities start at 0, and "run 0" reads like a mistake.</li>
 * </ul>
 */
class EmbeddedDatabaseSetup implements InitializingBean {

    private final JdbcClient jdbc;

    EmbeddedDatabaseSetup(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void afterPropertiesSet() {
        this.jdbc.sql("SET FILES WRITE DELAY FALSE").update();
        long runs = this.jdbc.sql("SELECT COUNT(*) FROM BATCH_JOB_INSTANCE").query(Long.class).single();
        if (runs == 0) {
            for (String sequence : new String[] { "BATCH_JOB_INSTANCE_SEQ", "BATCH_JOB_EXECUTION_SEQ",
                    "BATCH_STEP_EXECUTION_SEQ" }) {
                this.jdbc.sql("ALTER TABLE " + sequence + " ALTER COLUMN ID RESTART WITH 1").update();
            }
        }
    }
}
