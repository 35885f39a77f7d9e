/**
 * The input file: opening it whatever Excel or the admin centers saved it as, matching its
 * columns by name, checking it before the run, and streaming its rows into the job.
 */
package org.bulkresend.input;
