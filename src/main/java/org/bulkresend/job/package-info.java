/**
 * The Spring Batch job: preflight, resend (chunk-oriented) and report; the reset-and-tell
 * sequence every run and the dry run go through ({@link org.bulkresend.job.ResetAndTell}), with the
 * circuit that stops the resets when the mail route fails; and the runner that starts, resumes or
 * declines a run, chooses its mail route and probes it. The rules it applies live in small classes
 * here and in the parts it calls.
 */
package org.bulkresend.job;
