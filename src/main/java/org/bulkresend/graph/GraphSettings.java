package org.bulkresend.graph;

import java.net.URI;
import java.time.Duration;

import javax.net.ssl.SSLContext;

/**
 * Where and as whom bulk-resend talks to Microsoft Graph.
 *
 * @param tenantId the directory (tenant) id, or a verified domain of the tenant
 * @param clientId the application (client) id of the app registration
 * @param credential the app's secret or certificate
 * @param graphUrl the Graph endpoint, such as {@code https://graph.microsoft.com}
 * @param loginUrl the identity platform endpoint, such as {@code https://login.microsoftonline.com}:
 * an {@code https} address without a path, as Microsoft's sign-in library takes it
 * @param retries how many times a throttled, unavailable or unanswered request is sent again
 * @param maxWait the longest single wait; a {@code Retry-After} beyond it counts as unavailable
 * @param timeout how long to wait for a connection and for each answer
 * @param resource Microsoft Graph's own identifier in the tenant's cloud, such as
 * {@code https://graph.microsoft.com}, which the token is asked for whatever {@code graphUrl} says:
 * a proxy or a moved endpoint in {@code graphUrl} is not a resource Entra ID knows
 * @param tls the TLS context that also trusts {@code --graph-ca-file}'s authorities, or null for
 * Java's own trust store
 */
public record GraphSettings(String tenantId, String clientId, GraphCredential credential, URI graphUrl, URI loginUrl,
        int retries, Duration maxWait, Duration timeout, URI resource, SSLContext tls) {

    public GraphSettings {
        graphUrl = withoutTrailingSlash(graphUrl);
        loginUrl = withoutTrailingSlash(loginUrl);
        resource = withoutTrailingSlash(resource);
    }

    /** The tenant's authority at the login endpoint: {@code {login}/{tenant}/}, as the sign-in library takes it. */
    public String authority() {
        return this.loginUrl + "/" + this.tenantId + "/";
    }

    /** The scope a client-credentials token asks for: every application permission granted on Graph. */
    public String scope() {
        return this.resource + "/.default";
    }

    private static URI withoutTrailingSlash(URI uri) {
        String text = uri.toString();
        return text.endsWith("/") ? URI.create(text.substring(0, text.length() - 1)) : uri;
    }
}
