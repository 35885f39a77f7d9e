/**
 * Telling users: composing the message, choosing the mail route (an SMTP server, Microsoft Graph
 * sendMail, or the outbox folder) and building its pipeline in one place
 * ({@link org.bulkresend.notify.MailRoutes}), probing it, and delivering with an outcome for every
 * single message as soon as it is known.
 */
package org.bulkresend.notify;
