/**
 * The settings: one typed record tree ({@link org.bulkresend.settings.BulkResendProperties}),
 * validated once as it is bound. It knows no implementation, so the parts that read settings do not
 * compile against the wiring in {@code config}, which knows them all.
 */
package org.bulkresend.settings;
