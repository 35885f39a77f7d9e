package org.bulkresend.notify;

/**
 * The mail route does not work; the message is meant for the admin and quotes the server.
 * {@link #refused()} tells a route that answered "no" (a setting to fix, nothing to wait for)
 * from one that did not answer (try again later).
 */
public class MailRouteException extends MailChannelUnavailableException {

    private final boolean refused;

    public MailRouteException(String message, boolean refused, Throwable cause) {
        super(message, cause);
        this.refused = refused;
    }

    public boolean refused() {
        return this.refused;
    }

    @Override
    public Kind kind() {
        return this.refused ? Kind.REFUSED : Kind.STOPPED;
    }
}
