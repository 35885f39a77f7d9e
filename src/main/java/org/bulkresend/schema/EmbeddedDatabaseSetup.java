package org.bulkresend.schema;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import javax.sql.DataSource;

import org.flywaydb.core.api.callback.Callback;
import org.flywaydb.core.api.callback.Context;
import org.flywaydb.core.api.callback.Event;

/**
 * Settings the embedded database needs beyond what its URL can give, applied around every
 * migration run (at each start, whether or not a migration is pending) and never recorded in the
 * schema's history: they are the state of one HSQLDB file, not the shape of its tables. A Flyway
 * callback rather than a bean started after the migrations, because the first two must hold
 * before a migration writes anything (an upgrade's commits are as durable, and a failed log write
 * as visible, as a run's), and because the tests' databases get them the same way.
 * <ul>
 * <li>Write delay off on a database created by an older version or by hand: the URL's
 * {@code hsqldb.write_delay=false} only applies when a database is created, and with a delay a
 * {@code kill -9} loses the last recorded outcomes.</li>
 * <li>Warnings and errors to the external event log (level 2): HSQLDB reports a log write that
 * failed (disk full, read-only device) there and nowhere else, the commit returning as if it were
 * durable; {@link org.bulkresend.storage.DataDirectoryStorage} turns them into failed commits. The
 * setting is stored in the database, so it holds from the next open on.</li>
 * <li>Run numbers from 1, once the job repository's tables exist: HSQLDB identities start at 0,
 * and "run 0" reads like a mistake.</li>
 * </ul>
 * Only for HSQLDB: another database has none of these settings.
 */
final class EmbeddedDatabaseSetup implements Callback {

    @Override
    public boolean supports(Event event, Context context) {
        return event == Event.BEFORE_MIGRATE || event == Event.AFTER_MIGRATE;
    }

    @Override
    public boolean canHandleInTransaction(Event event, Context context) {
        return true;
    }

    @Override
    public void handle(Event event, Context context) {
        if (!isHsqldb(context.getConnection())) {
            return;
        }
        try (Statement statement = context.getConnection().createStatement()) {
            if (event == Event.BEFORE_MIGRATE) {
                statement.execute("SET DATABASE EXTERNAL EVENT LOG LEVEL 2");
                statement.execute("SET FILES WRITE DELAY FALSE");
            }
            else if (noRunYet(statement)) {
                for (String sequence : new String[] { "BATCH_JOB_INSTANCE_SEQ", "BATCH_JOB_EXECUTION_SEQ",
                        "BATCH_STEP_EXECUTION_SEQ" }) {
                    statement.execute("ALTER TABLE " + sequence + " ALTER COLUMN ID RESTART WITH 1");
                }
            }
        }
        catch (SQLException ex) {
            throw new IllegalStateException("The embedded database's settings could not be applied: " + ex.getMessage(),
                    ex);
        }
    }

    @Override
    public String getCallbackName() {
        return "embedded database settings";
    }

    private static boolean noRunYet(Statement statement) throws SQLException {
        try (ResultSet runs = statement.executeQuery("SELECT COUNT(*) FROM BATCH_JOB_INSTANCE")) {
            runs.next();
            return runs.getLong(1) == 0;
        }
    }

    /**
     * Whether the data source is HSQLDB's, the data directory's embedded database.
     * @throws IllegalStateException if no connection can be had to ask it (the server's answer is its cause)
     */
    static boolean isHsqldb(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection()) {
            return isHsqldb(connection);
        }
        catch (SQLException ex) {
            throw new IllegalStateException("The database cannot be opened: " + ex.getMessage(), ex);
        }
    }

    private static boolean isHsqldb(Connection connection) {
        try {
            return connection.getMetaData().getDatabaseProductName().startsWith("HSQL");
        }
        catch (SQLException ex) {
            return false;
        }
    }
}
