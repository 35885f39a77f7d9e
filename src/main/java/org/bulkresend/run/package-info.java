/**
 * Starting, continuing and declining runs: the run's identity (a file is known by its content),
 * its admission (the file's checks and the templates), the mail route it is given and probed
 * before anyone is reset, the dry run, {@code check} (what a run needs, tried without changing
 * anything), the outcome in words for the admin, the summary mail and
 * the run history {@code status} lists. It launches the job of {@link org.bulkresend.job} and
 * never reaches into its steps.
 */
package org.bulkresend.run;
