/**
 * Scheduled runs: the inbox folder that {@code watch} takes input files from and where each file
 * goes once its run is over, and the order of a round ({@link org.bulkresend.schedule.WatchRound}).
 */
package org.bulkresend.schedule;
