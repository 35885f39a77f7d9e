/**
 * The Spring Batch job: preflight, resend (chunk-oriented) and report; the reset-and-tell
 * sequence every path that changes a password goes through ({@link org.bulkresend.job.ResetAndTell}:
 * a run, its restart, a watch round's files, a follow-up's resend, {@code expire} with nobody
 * told, and the dry run with a directory and a channel that change nothing), with the circuit
 * that stops the resets when the mail route fails; and the runner that starts, resumes or
 * declines a run, chooses its mail route and probes it. The rules it applies live in small classes
 * here and in the parts it calls.
 */
package org.bulkresend.job;
