package org.bulkresend.graph;

import com.microsoft.aad.msal4j.ClientCredentialFactory;
import com.microsoft.aad.msal4j.IClientCredential;
import org.bulkresend.password.Secret;

/** An app's client secret (its value, not its id), held as a {@link Secret}. */
public final class ClientSecret implements GraphCredential {

    private final Secret value;

    public ClientSecret(Secret value) {
        this.value = value;
    }

    @Override
    public IClientCredential clientCredential() {
        return ClientCredentialFactory.createFromSecret(this.value.reveal());
    }

    @Override
    public String describe() {
        return "a client secret";
    }

    @Override
    public String toString() {
        return "ClientSecret[****]";
    }
}
