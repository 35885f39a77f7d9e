package org.bulkresend.notify;

/**
 * What the mail channel did with one message.
 *
 * @param messageId the Message-ID the message was sent with
 * @param detail the server's reply or the failure, for the report; null when accepted
 * @param sender the mailbox it was sent from, as its quota is counted, or null if not known
 */
public record Delivery(Notification notification, Outcome outcome, String messageId, String detail, String sender) {

    public Delivery(Notification notification, Outcome outcome, String messageId, String detail) {
        this(notification, outcome, messageId, detail, null);
    }

    /** The same outcome, sent from that mailbox. */
    public Delivery from(String mailbox) {
        return new Delivery(this.notification, this.outcome, this.messageId, this.detail, mailbox);
    }

    public enum Outcome {

        /** The server (or the outbox folder) took the message. */
        ACCEPTED,
        /** The server refused this recipient or this message for good (a 5xx reply to RCPT TO or DATA). */
        REFUSED,
        /** The server put this recipient off for now (a 4xx reply); the server itself works. */
        DEFERRED,
        /** The route failed in a way that may pass: no connection, connection dropped, timeout, disk full. */
        FAILED,
        /**
         * The route refused the run itself: the sender ({@code MAIL FROM}), the credentials, the
         * sending mailbox. Sending again changes nothing until a setting is fixed.
         */
        ROUTE_REFUSED;

        /** True for a failure of the route rather than of one recipient: no later message can go either. */
        public boolean isRouteFailure() {
            return this == FAILED || this == ROUTE_REFUSED;
        }
    }
}
