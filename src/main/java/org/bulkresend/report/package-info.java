/**
 * The result report and the end-of-run summary, both built from the ledger.
 */
package org.bulkresend.report;
