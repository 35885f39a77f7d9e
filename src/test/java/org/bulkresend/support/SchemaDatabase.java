package org.bulkresend.support;

import javax.sql.DataSource;

import org.bulkresend.schema.DatabaseSchema;
import org.flywaydb.core.Flyway;

import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

/**
 * A fresh in-memory HSQLDB with the product's own schema, for tests of one part (the ledger, the
 * embedded directory, the audit trail) without the application around it. The schema is built as
 * the product builds it, by its Flyway migrations and {@link DatabaseSchema}. Each one is its own
 * database, so tests never see each other's rows.
 */
public record SchemaDatabase(DataSource dataSource) {

    /** The HSQLDB migrations: what Spring Boot makes of {@link DatabaseSchema#LOCATION} for HSQLDB. */
    public static final String HSQLDB_MIGRATIONS = DatabaseSchema.LOCATION.replace("{vendor}", "hsqldb");

    /** A new, empty database; {@code name} only makes it easy to tell apart in a failure. */
    public static SchemaDatabase create(String name) {
        SimpleDriverDataSource dataSource = new SimpleDriverDataSource(new org.hsqldb.jdbc.JDBCDriver(),
                "jdbc:hsqldb:mem:" + name + "-" + System.nanoTime(), "SA", "");
        migrate(dataSource);
        return new SchemaDatabase(dataSource);
    }

    /** Creates or upgrades the schema of {@code dataSource} as the product does at start-up. */
    public static void migrate(DataSource dataSource) {
        DatabaseSchema
            .migrate(DatabaseSchema.configure(Flyway.configure().dataSource(dataSource).locations(HSQLDB_MIGRATIONS))
                .load());
    }

    public JdbcClient jdbc() {
        return JdbcClient.create(this.dataSource);
    }

    public NamedParameterJdbcTemplate named() {
        return new NamedParameterJdbcTemplate(this.dataSource);
    }

    public DataSourceTransactionManager transactions() {
        return new DataSourceTransactionManager(this.dataSource);
    }
}
