/**
 * The command line: commands, options, exit codes and what is printed. Each command starts
 * the Spring context it needs once its options are parsed.
 */
package org.bulkresend.cli;
