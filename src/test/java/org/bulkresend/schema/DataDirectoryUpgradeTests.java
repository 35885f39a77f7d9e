package org.bulkresend.schema;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import javax.sql.DataSource;

import org.bulkresend.support.BulkResendFixture;
import org.bulkresend.support.Cli;
import org.bulkresend.support.Contoso;
import org.bulkresend.support.SchemaDatabase;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A data directory is upgraded in place on the first start of a release with migrations, and the
 * admin sees nothing change: one made by release 0.1.0 (the last without them), one from the
 * first release (without the audit trail, passes and every later column), and a fresh one.
 */
class DataDirectoryUpgradeTests {

    @RegisterExtension
    static BulkResendFixture fixture = BulkResendFixture.withoutDirectory();

    /** Two Contoso users that release 0.1.0's demo run did not reset. */
    private static final String NEW_FILE = """
            userPrincipalName,displayName,alternateEmail,preferredLanguage
            alex.wilber@contoso.example,Alex Wilber,alex.w@example.net,en-GB
            lynne.robbins@contoso.example,Lynne Robbins,lynne.robbins@example.org,en-US
            """;

    /**
     * What the first release's data directory lacks, next to the job repository: the history, the
     * audit trail, the passes and every column and index added since (its own tables were created
     * by {@code CREATE TABLE IF NOT EXISTS}, columns added at start-up).
     */
    private static final List<String> FIRST_RELEASE_LACKED = List.of("DROP TABLE \"flyway_schema_history\"",
            "DROP TABLE AUDIT_EVENT", "DROP TABLE SENDER_QUOTA", "DROP TABLE SENDER_HOLD",
            "DROP TABLE DIRECTORY_TAP", "DROP TABLE DIRECTORY_TAP_POLICY",
            "DROP INDEX RESEND_LEDGER_BY_EXPIRY", "ALTER TABLE DIRECTORY_USER DROP COLUMN TIME_ZONE",
            "ALTER TABLE RESEND_LEDGER DROP COLUMN MESSAGE_LANGUAGE",
            "ALTER TABLE RESEND_LEDGER DROP COLUMN MESSAGE_TIME_ZONE",
            "ALTER TABLE RESEND_LEDGER DROP COLUMN EXPIRES_AT", "ALTER TABLE RESEND_LEDGER DROP COLUMN EXPIRED_AT",
            "ALTER TABLE RESEND_LEDGER DROP COLUMN PASSWORD_CHANGED_AT",
            "ALTER TABLE RESEND_LEDGER DROP COLUMN CREDENTIAL");

    @Test
    void aDataDirectoryOfRelease010KeepsItsRunsLedgerAndAuditAndTheNextRunIsRun2() throws IOException {
        unzip("fixtures/data-dir-0.1.0/db.zip", fixture.cli().dataDir());

        Cli.Result status = fixture.cli().run("status");
        Cli.Result followup = fixture.cli().run("followup", "--older-than", "0s");
        Cli.Result audit = fixture.cli().run("audit");

        assertThat(status.exitCode()).as(status.toString()).isZero();
        assertThat(status.out()).contains("Run 1 ", "COMPLETED", "rows: NOTIFIED 26, REJECTED_INVALID_ROW 1, "
                + "REJECTED_UNKNOWN_USER 1, REJECTED_NOT_ACTIVE 2, REJECTED_DUPLICATE 1, "
                + "REJECTED_UNREACHABLE_ADDRESS 3");
        assertThat(followup.exitCode()).as(followup.toString()).isZero();
        assertThat(followup.out()).contains("26 users told a temporary password have not replaced it yet",
                "grady.archie@contoso.example");
        assertThat(audit.exitCode()).as(audit.toString()).isZero();
        assertThat(audit.out()).contains("SIGN_IN", "RESET    SUCCEEDED grady.archie@contoso.example");
        assertThat(history()).containsExactly(List.of("1", "BASELINE", true), List.of("2", "JDBC", true),
                List.of("3", "SQL", true));

        Cli.Result run = fixture.run(Files.writeString(fixture.work().resolve("more-hires.csv"), NEW_FILE));

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("Run 2 finished: every row was handled.");
        assertThat(fixture.received()).hasSize(2);
        assertThat(fixture.cli().run("status").out()).contains("Run 1 ", "Run 2 ");
        assertThat(history()).hasSize(3);
    }

    @Test
    void aDataDirectoryOfTheFirstReleaseGainsEveryLaterTableColumnAndIndexAndKeepsItsUsers() throws IOException {
        DataSource old = fileDatabase(fixture.cli().dataDir());
        SchemaDatabase.migrate(old);
        for (String sql : FIRST_RELEASE_LACKED) {
            JdbcClient.create(old).sql(sql).update();
        }
        JdbcClient.create(old)
            .sql("INSERT INTO DIRECTORY_USER (UPN_KEY, USER_PRINCIPAL_NAME, DISPLAY_NAME, ACCOUNT_STATE, UPDATED_AT) "
                    + "VALUES ('early.hire@contoso.example', 'early.hire@contoso.example', 'Early Hire', 'ACTIVE', "
                    + "CURRENT_TIMESTAMP)")
            .update();
        JdbcClient.create(old).sql("SHUTDOWN").update();

        Cli.Result imported = fixture.cli().run("directory", "import", Contoso.DIRECTORY.toString());
        Cli.Result list = fixture.cli().run("directory", "list");

        assertThat(imported.exitCode()).as(imported.toString()).isZero();
        assertThat(list.out()).contains("early.hire@contoso.example", "adele.vance@contoso.example");
        assertThat(history()).containsExactly(List.of("1", "BASELINE", true), List.of("2", "JDBC", true),
                List.of("3", "SQL", true));
        JdbcClient fresh = SchemaDatabase.create("fresh").jdbc();
        assertThat(schema(fixture.database()::query))
            .isEqualTo(schema((sql) -> fresh.sql(sql).query().listOfRows()));
        assertThat(fixture.database().query("SELECT PASS_LENGTH FROM DIRECTORY_TAP_POLICY"))
            .containsExactly(Map.of("PASS_LENGTH", 8));

        Cli.Result run = fixture.run(Files.writeString(fixture.work().resolve("more-hires.csv"), NEW_FILE),
                "--temp-password-ttl", "72h");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("Run 1 finished: every row was handled.");
        assertThat(fixture.database().query("SELECT COUNT(*) AS N FROM RESEND_LEDGER WHERE EXPIRES_AT IS NOT NULL "
                + "AND MESSAGE_LANGUAGE IS NOT NULL AND CREDENTIAL = 'PASSWORD'")).containsExactly(Map.of("N", 2L));
    }

    @Test
    void aFreshDataDirectoryGetsEveryVersionAndTheCatchUpChangesNothing() throws IOException {
        Cli.Result imported = fixture.cli().run("directory", "import", Contoso.DIRECTORY.toString());
        Cli.Result run = fixture.run(Files.writeString(fixture.work().resolve("more-hires.csv"), NEW_FILE));

        assertThat(imported.exitCode()).as(imported.toString()).isZero();
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("Run 1 finished: every row was handled.");
        assertThat(history()).containsExactly(List.of("1", "SQL", true), List.of("2", "JDBC", true),
                List.of("3", "SQL", true));
        assertThat(fixture.received()).hasSize(2);
        DataSource version1 = new SimpleDriverDataSource(new org.hsqldb.jdbc.JDBCDriver(),
                "jdbc:hsqldb:mem:version-1-" + System.nanoTime(), "SA", "");
        DatabaseSchema
            .configure(Flyway.configure().dataSource(version1).locations(SchemaDatabase.HSQLDB_MIGRATIONS))
            .target("1")
            .load()
            .migrate();
        // The later migrations, as SQL, without the catch-up: what the catch-up did to a fresh directory shows.
        new ResourceDatabasePopulator(new ClassPathResource("db/migration/hsqldb/V3__sender_quotas.sql"))
            .execute(version1);
        assertThat(schema(fixture.database()::query))
            .isEqualTo(schema((sql) -> JdbcClient.create(version1).sql(sql).query().listOfRows()));
    }

    @Test
    void aDataDirectoryUpgradedByANewerReleaseIsRefusedInWordsAndLeftAsItWas() {
        fixture.cli().run("directory", "import", Contoso.DIRECTORY.toString());
        fixture.database()
            .update("INSERT INTO \"flyway_schema_history\" (\"installed_rank\", \"version\", \"description\", "
                    + "\"type\", \"script\", \"installed_by\", \"execution_time\", \"success\") "
                    + "VALUES (4, '4', 'a later release''s table', 'SQL', 'V4__later.sql', 'SA', 1, TRUE)");

        Cli.Result status = fixture.cli().run("status");

        assertThat(status.exitCode()).as(status.toString()).isEqualTo(2);
        assertThat(status.err()).isEqualTo("bulk-resend: This data directory was upgraded by a newer release of "
                + "bulk-resend (its database is at version 4; this release knows versions up to 3). Run the newer "
                + "release, or one after it, on this data directory. Nothing was changed.\n");
        assertThat(history()).hasSize(4);
    }

    /** Each applied migration: version, type, success. */
    private static List<List<Object>> history() {
        return fixture.database()
            .query("SELECT \"version\", \"type\", \"success\" FROM \"flyway_schema_history\" "
                    + "ORDER BY \"installed_rank\"")
            .stream()
            .map((row) -> List.copyOf(row.values()))
            .toList();
    }

    /** Every column of bulk-resend's and the job repository's tables with its type, and every index. */
    private static Set<String> schema(Function<String, List<Map<String, Object>>> catalogue) {
        Set<String> shape = new TreeSet<>();
        for (Map<String, Object> row : catalogue.apply("SELECT TABLE_NAME, COLUMN_NAME, DATA_TYPE, IS_NULLABLE, "
                + "COLUMN_DEFAULT FROM INFORMATION_SCHEMA.COLUMNS WHERE TABLE_SCHEMA = 'PUBLIC' "
                + "AND TABLE_NAME <> 'flyway_schema_history'")) {
            shape.add(row.values().toString());
        }
        for (Map<String, Object> row : catalogue.apply("SELECT DISTINCT TABLE_NAME, INDEX_NAME, COLUMN_NAME "
                + "FROM INFORMATION_SCHEMA.SYSTEM_INDEXINFO WHERE TABLE_SCHEM = 'PUBLIC' "
                + "AND INDEX_NAME NOT LIKE 'SYS_%' "
                + "AND TABLE_NAME <> 'flyway_schema_history'")) {
            shape.add("index " + row.values());
        }
        return shape;
    }

    private static DataSource fileDatabase(Path dataDir) {
        return new SimpleDriverDataSource(new org.hsqldb.jdbc.JDBCDriver(), "jdbc:hsqldb:file:"
                + dataDir.resolve("db/bulk-resend") + ";hsqldb.write_delay=false;hsqldb.tx=mvcc;"
                + "hsqldb.default_table_type=cached;hsqldb.lock_file=false", "SA", "");
    }

    private static void unzip(String resource, Path folder) throws IOException {
        try (InputStream in = new ClassPathResource(resource).getInputStream();
                ZipInputStream zip = new ZipInputStream(in)) {
            for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                Path file = folder.resolve(entry.getName()).normalize();
                Files.createDirectories(file.getParent());
                Files.copy(zip, file);
            }
        }
    }
}
