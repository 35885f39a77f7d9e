package org.bulkresend.graph;

import java.util.Map;

/**
 * How the app proves who it is to the Microsoft identity platform: a client secret or a
 * certificate. Neither renders its secret part.
 */
public interface GraphCredential {

    /** The form fields that authenticate the app in a client-credentials token request to {@code tokenUrl}. */
    Map<String, String> tokenFields(String tokenUrl);

    /** What the admin knows this credential as, with nothing secret in it. */
    String describe();
}
