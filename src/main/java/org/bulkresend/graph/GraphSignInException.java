package org.bulkresend.graph;

/**
 * The Microsoft identity platform refused the app's sign-in (an unknown tenant or app, a wrong or
 * expired secret, a certificate it does not know), Graph refused every token, or an endpoint's
 * certificate is not one bulk-resend trusts. The message quotes the platform's own error and says
 * what to check.
 */
public class GraphSignInException extends RuntimeException {

    public GraphSignInException(String message) {
        super(message);
    }
}
