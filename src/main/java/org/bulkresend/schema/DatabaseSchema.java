package org.bulkresend.schema;

import java.util.Arrays;
import java.util.Comparator;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationState;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.core.api.migration.JavaMigration;
import org.flywaydb.core.api.pattern.ValidatePattern;

/**
 * How Flyway creates and upgrades the database, beyond the folder of migrations: one place, so that
 * the product ({@code config/BulkResendConfiguration}, through Spring Boot) and the tests that build
 * the schema on their own database cannot drift apart.
 * <ul>
 * <li>A data directory made before migrations (release 0.1.0 and older) has its tables but no
 * history: it is baselined at version 1, so the migration that creates a fresh database's tables is
 * not run on it, and {@link CatchUpMigration} (version 2) brings whatever older form it has up to
 * date.</li>
 * <li>A database already migrated further than this release knows was upgraded by a newer release:
 * it is refused (Flyway's default only warns), because this release's code does not know its
 * tables. {@link #migrate} says so before Flyway's validation would, in the admin's words
 * ({@link NewerSchemaException}).</li>
 * </ul>
 */
public final class DatabaseSchema {

    /** The migrations' folder for the database in use; Spring Boot puts its vendor for {@code {vendor}}. */
    public static final String LOCATION = "classpath:db/migration/{vendor}";

    private DatabaseSchema() {
    }

    /**
     * Adds the baseline, the catch-up migration, the settings and the refusal of a newer schema.
     * The catch-up migration is HSQLDB's only, and is not even registered for another database
     * (PostgreSQL, {@code --database}): such a database never had tables from before migrations,
     * so its history shows the versions that shaped it and no version 2 that did nothing, and a
     * later migration for it is free to be version 2. The configuration's data source must be set.
     */
    public static FluentConfiguration configure(FluentConfiguration configuration) {
        return configuration.baselineOnMigrate(true)
            .baselineVersion("1")
            .baselineDescription("data directory made before migrations")
            .ignoreMigrationPatterns(new ValidatePattern[0])
            .javaMigrations(EmbeddedDatabaseSetup.isHsqldb(configuration.getDataSource())
                    ? new JavaMigration[] { new CatchUpMigration() } : new JavaMigration[0])
            .callbacks(new EmbeddedDatabaseSetup());
    }

    /**
     * Migrates, unless the database was migrated further than this release knows.
     * @throws NewerSchemaException if it was: nothing is changed
     */
    public static void migrate(Flyway flyway) {
        MigrationInfo[] all = flyway.info().all();
        MigrationVersion newer = latest(all, true);
        if (newer != null) {
            MigrationVersion known = latest(all, false);
            throw new NewerSchemaException(newer.getVersion(), (known != null) ? known.getVersion() : "none");
        }
        flyway.migrate();
    }

    private static MigrationVersion latest(MigrationInfo[] migrations, boolean future) {
        return Arrays.stream(migrations)
            .filter((migration) -> future == (migration.getState() == MigrationState.FUTURE_SUCCESS
                    || migration.getState() == MigrationState.FUTURE_FAILED))
            .filter((migration) -> future || migration.getState().isResolved())
            .map(MigrationInfo::getVersion)
            .filter((version) -> version != null)
            .max(Comparator.naturalOrder())
            .orElse(null);
    }
}
