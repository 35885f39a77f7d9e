/**
 * After a run: who was told a temporary password but has not replaced it yet ({@code followup}),
 * and the list a {@code followup --resend} runs. Reads the ledger and the directory; the ledger
 * records what it finds. Replacing the unused passwords once they expire ({@code expire}) changes
 * passwords, so it lives with the reset-and-tell sequence in {@link org.bulkresend.job}.
 */
package org.bulkresend.followup;
