/**
 * Whether what bulk-resend records is really on disk. The embedded database (HSQLDB 2.7) reports a
 * failed write of its log only as a warning and lets the commit return as if it were durable; this
 * package turns that warning, and a data directory about to run out of space, into a failed commit,
 * so that no message leaves with a password the directory may not hold.
 */
package org.bulkresend.storage;
