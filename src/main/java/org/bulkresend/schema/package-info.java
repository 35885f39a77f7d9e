/**
 * The data directory's database schema: created and upgraded by Flyway migrations, one folder per
 * database ({@code db/migration/hsqldb}), the same way for the product and its tests
 * ({@link org.bulkresend.schema.DatabaseSchema}). A data directory made before migrations is upgraded
 * in place on its first start; one upgraded by a newer release is refused in words.
 */
package org.bulkresend.schema;
