package org.bulkresend.notify;

/**
 * What the mail channel did with one message.
 *
 * @param messageId the Message-ID the message was sent with
 * @param detail the server's reply or the failure, for the report; null when accepted
 */
public record Delivery(Notification notification, Outcome outcome, String messageId, String detail) {

    public enum Outcome {

        /** The server (or the outbox folder) took the message. */
        ACCEPTED,
        /** The server refused this recipient for good (a 5xx reply). */
        REFUSED,
        /** The server put this recipient off for now (a 4xx reply); the server itself works. */
        DEFERRED,
        /** The mail channel itself failed: no connection, connection dropped, timeout, disk full. */
        FAILED

    }
}
