package org.bulkresend.graph;

/**
 * Microsoft Graph did not answer usefully within the retries: throttled past every retry,
 * unavailable, or unreachable over the network. Nothing is known to be wrong with the request.
 */
public class GraphUnavailableException extends RuntimeException {

    public GraphUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
