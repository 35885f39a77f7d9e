package org.bulkresend.job;

import org.bulkresend.support.BulkResendFixture;
import org.bulkresend.support.PostgresServer;

/**
 * {@link MailOutageTests} with everything recorded in PostgreSQL ({@code --database}) instead of the data
 * directory's embedded database: the same outcomes, users and rows on a fresh database of the
 * tests' {@link PostgresServer}.
 */
class PostgresMailOutageTests extends MailOutageTests {

    @Override
    BulkResendFixture fixture() {
        return super.fixture().withPostgres();
    }
}
