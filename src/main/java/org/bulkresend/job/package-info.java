/**
 * The Spring Batch job and its steps: preflight, resend (chunk-oriented), resend-untold, all-told
 * and report; the reset-and-tell sequence every path that changes a password goes through
 * ({@link org.bulkresend.job.ResetAndTell}: a run, its restart, a watch round's files, a
 * follow-up's resend, {@code expire} with nobody told, and the dry run's
 * {@link org.bulkresend.job.PreviewSequence} with a directory and a channel that change nothing),
 * with the circuit that stops the resets when the mail route fails and the daily limit. The rules
 * it applies live in small classes here ({@code RowRules}, {@code Eligibility}) and in the parts it
 * calls. What a finished execution recorded is read through {@link org.bulkresend.job.JobEnd}.
 */
package org.bulkresend.job;
