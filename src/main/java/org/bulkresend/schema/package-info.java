/**
 * The database schema, the data directory's embedded database's or a PostgreSQL database's
 * ({@code --database}): created and upgraded by Flyway migrations, one folder per database
 * ({@code db/migration/hsqldb}, {@code db/migration/postgresql}), the same way for the product and its tests
 * ({@link org.bulkresend.schema.DatabaseSchema}). A data directory made before migrations is upgraded
 * in place on its first start; one upgraded by a newer release is refused in words.
 */
package org.bulkresend.schema;
