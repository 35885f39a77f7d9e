package org.bulkresend.graph;

/**
 * The Microsoft identity platform refused the app's sign-in (an unknown tenant or app, a wrong or
 * expired secret, a certificate it does not know), or Graph refused every token. The message
 * quotes the platform's own error and says what to check.
 */
public class GraphSignInException extends RuntimeException {

    public GraphSignInException(String message) {
        super(message);
    }
}
