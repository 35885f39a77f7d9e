/**
 * After a run: who was told a temporary password but has not replaced it yet ({@code followup}),
 * and replacing the unused ones once they expire ({@code expire}). Reads the ledger and the
 * directory; the ledger records what it finds.
 */
package org.bulkresend.followup;
