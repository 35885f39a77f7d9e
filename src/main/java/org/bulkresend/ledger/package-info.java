/**
 * The ledger: what happened to every input row of every run. It is the idempotency record a
 * restart trusts (who was reset, who was told) and the audit trail the report is built from.
 */
package org.bulkresend.ledger;
