package org.bulkresend.graph;

import com.microsoft.aad.msal4j.IClientCredential;

/**
 * How the app proves who it is to the Microsoft identity platform: a client secret or a
 * certificate. Neither renders its secret part.
 */
public interface GraphCredential {

    /** The credential as Microsoft's sign-in library takes it, made when the app first signs in. */
    IClientCredential clientCredential();

    /** What the admin knows this credential as, with nothing secret in it. */
    String describe();
}
