/**
 * Scheduled runs: the inbox folder that {@code watch} takes input files from, and where each file
 * goes once its run is over.
 */
package org.bulkresend.schedule;
