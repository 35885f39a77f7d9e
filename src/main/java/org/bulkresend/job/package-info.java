/**
 * The Spring Batch job: preflight, resend (chunk-oriented) and report, and the runner that
 * starts, resumes or declines a run. The rules it applies live in small classes here and in
 * the parts it calls.
 */
package org.bulkresend.job;
