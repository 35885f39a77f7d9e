package org.bulkresend.graph;

import java.util.Map;

import org.bulkresend.password.Secret;

/** An app's client secret (its value, not its id), held as a {@link Secret}. */
public final class ClientSecret implements GraphCredential {

    private final Secret value;

    public ClientSecret(Secret value) {
        this.value = value;
    }

    @Override
    public Map<String, String> tokenFields(String tokenUrl) {
        return Map.of("client_secret", this.value.reveal());
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
