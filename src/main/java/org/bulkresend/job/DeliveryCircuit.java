package org.bulkresend.job;

import org.bulkresend.notify.Delivery;
import org.bulkresend.notify.Delivery.Outcome;

/**
 * Tells a fault of the mail route from a fault of one recipient, so that a run stops resetting
 * users as soon as their messages cannot go out. It opens (stops the run) on a failure of the route
 * itself (the sender or the credentials refused, the server gone after retries), on a run of
 * messages in a row refused or put off with none accepted between them, and on a chunk whose every
 * message was put off. One recipient's refusal alone stays that user's own outcome.
 */
final class DeliveryCircuit {

    private final int stopAfter;

    private int inARow;

    private String open;

    /** @param stopAfter how many messages in a row may be refused or put off before the route is blamed */
    DeliveryCircuit(int stopAfter) {
        this.stopAfter = stopAfter;
    }

    /**
     * Takes one message's final outcome.
     *
     * @return true if the next message may go
     */
    boolean record(Delivery delivery) {
        Outcome outcome = delivery.outcome();
        if (outcome == Outcome.ACCEPTED) {
            this.inARow = 0;
            return true;
        }
        if (outcome.isRouteFailure()) {
            this.open = delivery.detail();
            return false;
        }
        this.inARow++;
        if (this.inARow >= this.stopAfter) {
            this.open = this.inARow + " messages in a row were " + ((outcome == Outcome.DEFERRED) ? "put off"
                    : "refused") + " and none accepted, the last with: " + delivery.detail();
            return false;
        }
        return true;
    }

    /** A chunk whose every message (two or more) was put off: the server is not taking mail now. */
    void chunkSent(int messages, int accepted, int deferred, String lastDetail) {
        if (this.open == null && messages >= 2 && accepted == 0 && deferred == messages) {
            this.open = "the server put off every message of the chunk, the last with: " + lastDetail;
        }
    }

    /** How many messages in a row, ending with the last one, were refused or put off. */
    int inARow() {
        return this.inARow;
    }

    /** Why the route is blamed, or null if it is not. */
    String openReason() {
        return this.open;
    }
}
