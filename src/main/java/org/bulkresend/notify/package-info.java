/**
 * Telling users: composing the message and delivering it through SMTP or, with no server
 * configured, into the outbox folder, with an outcome for every single message.
 */
package org.bulkresend.notify;
