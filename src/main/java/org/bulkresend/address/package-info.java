/**
 * Email addresses as the product reads and shows them: one address per cell parsed strictly
 * (RFC 5322 addr-spec, a sender with its display name), and masked for the console and reports.
 * Used by the input, the directory, the messages and the reports alike.
 */
package org.bulkresend.address;
