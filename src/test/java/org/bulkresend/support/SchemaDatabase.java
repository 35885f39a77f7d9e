package org.bulkresend.support;

import javax.sql.DataSource;

import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;

/**
 * A fresh in-memory HSQLDB with the product's own schema, for tests of one part (the ledger, the
 * embedded directory, the audit trail) without the application around it. Each one is its own
 * database, so tests never see each other's rows.
 */
public record SchemaDatabase(DataSource dataSource) {

    /** A new, empty database; {@code name} only makes it easy to tell apart in a failure. */
    public static SchemaDatabase create(String name) {
        SimpleDriverDataSource dataSource = new SimpleDriverDataSource(new org.hsqldb.jdbc.JDBCDriver(),
                "jdbc:hsqldb:mem:" + name + "-" + System.nanoTime(), "SA", "");
        new ResourceDatabasePopulator(new ClassPathResource("db/bulk-resend-schema.sql")).execute(dataSource);
        return new SchemaDatabase(dataSource);
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
