/**
 * The directory: finding users and resetting their passwords. {@link org.bulkresend.directory.Directory}
 * is the contract; the embedded JDBC directory in {@code internal} is the default and the one
 * the demo and the tests use.
 */
package org.bulkresend.directory;
