package org.bulkresend.graph;

import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;

import javax.net.ssl.SSLException;

import com.microsoft.aad.msal4j.ClientCredentialParameters;
import com.microsoft.aad.msal4j.ConfidentialClientApplication;
import com.microsoft.aad.msal4j.IAuthenticationResult;
import com.microsoft.aad.msal4j.MsalException;
import com.microsoft.aad.msal4j.MsalServiceException;
import com.microsoft.aad.msal4j.TokenSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The app's sign-in to the Microsoft identity platform, through Microsoft's own library (MSAL4J):
 * the client-credentials grant with the app's secret or certificate, at the tenant's authority on
 * the cloud's login endpoint, for Graph's own resource. The library keeps the token and renews it
 * shortly before it expires; what it cannot get through (a throttled or unanswered token request)
 * is retried here within the client's bounded retries, and a refusal is explained.
 */
final class AppSignIn {

    private static final Logger logger = LoggerFactory.getLogger(AppSignIn.class);

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** Waits before another attempt, or gives up (see {@link GraphClient}). */
    @FunctionalInterface
    interface Retry {

        void after(int attempt, String retryAfter, String why, String what);
    }

    private final GraphSettings settings;

    private final ConfidentialClientApplication app;

    private final Set<String> scopes;

    private final Retry retry;

    AppSignIn(GraphSettings settings, Retry retry) {
        this.settings = settings;
        this.scopes = Set.of(settings.scope());
        this.retry = retry;
        int timeout = (int) Math.min(Integer.MAX_VALUE, settings.timeout().toMillis());
        try {
            ConfidentialClientApplication.Builder builder = ConfidentialClientApplication
                .builder(settings.clientId(), settings.credential().clientCredential())
                .authority(settings.authority())
                // The authority is the cloud's own or the one the admin named: nothing to discover.
                .instanceDiscovery(false)
                .aadInstanceDiscoveryResponse(knownInstance(settings))
                .disableInternalRetries()
                // Its own threads, not the common pool the run composes messages on.
                .executorService(Executors.newCachedThreadPool((task) -> {
                    Thread thread = new Thread(task, "graph-sign-in");
                    thread.setDaemon(true);
                    return thread;
                }))
                .logPii(false)
                .connectTimeoutForDefaultHttpClient(timeout)
                .readTimeoutForDefaultHttpClient(timeout);
            if (settings.tls() != null) {
                builder.sslSocketFactory(settings.tls().getSocketFactory());
            }
            this.app = builder.build();
        }
        catch (MalformedURLException | IllegalArgumentException ex) {
            throw new GraphSignInException("The sign-in endpoint " + settings.loginUrl() + " with tenant "
                    + settings.tenantId() + " is not an authority Microsoft's sign-in library accepts ("
                    + ex.getMessage() + "): give --login-url as https://host, such as "
                    + "https://login.microsoftonline.com, and --tenant-id as the directory id or a verified domain.");
        }
    }

    /**
     * What instance discovery would answer for the login endpoint: it is its own and only alias.
     * The library keeps tokens under the preferred cache name and looks them up by host and port,
     * so a port in {@code --login-url} is part of that name.
     */
    private static String knownInstance(GraphSettings settings) {
        URI login = settings.loginUrl();
        String host = login.getHost().toLowerCase(Locale.ROOT);
        String hostAndPort = login.getRawAuthority().toLowerCase(Locale.ROOT);
        ObjectNode discovery = JSON.createObjectNode()
            .put("tenant_discovery_endpoint", settings.authority() + "v2.0/.well-known/openid-configuration");
        ObjectNode instance = discovery.putArray("metadata").addObject()
            .put("preferred_network", host)
            .put("preferred_cache", hostAndPort);
        ArrayNode aliases = instance.putArray("aliases").add(host);
        if (!hostAndPort.equals(host)) {
            aliases.add(hostAndPort);
        }
        return JSON.writeValueAsString(discovery);
    }

    /**
     * The app's access token: the library's cached one while it has more than five minutes left,
     * else a new one; with {@code renew}, a new one whatever the cache holds.
     */
    String token(boolean renew) {
        ClientCredentialParameters parameters = ClientCredentialParameters.builder(this.scopes).skipCache(renew)
            .build();
        for (int attempt = 0;; attempt++) {
            try {
                IAuthenticationResult result = this.app.acquireToken(parameters).join();
                if (result.metadata() == null || result.metadata().tokenSource() == TokenSource.IDENTITY_PROVIDER) {
                    Instant until = (result.expiresOnDate() != null) ? result.expiresOnDate().toInstant() : null;
                    logger.info("Signed in to Microsoft Graph as app {} of tenant {} with {}; the token lasts until {}.",
                            this.settings.clientId(), this.settings.tenantId(), this.settings.credential().describe(),
                            until);
                }
                return result.accessToken();
            }
            catch (CompletionException | MsalException ex) {
                Throwable cause = (ex instanceof CompletionException && ex.getCause() != null) ? ex.getCause() : ex;
                if (cause instanceof MsalServiceException refused) {
                    int status = (refused.statusCode() != null) ? refused.statusCode() : 0;
                    if (status == 429 || status >= 500) {
                        this.retry.after(attempt, header(refused.headers(), "Retry-After"), "HTTP " + status,
                                "the token request");
                        continue;
                    }
                    throw new GraphSignInException(refusal(status, refused.errorCode(), refused.getMessage()));
                }
                SSLException untrusted = GraphClient.cause(cause, SSLException.class);
                if (untrusted != null) {
                    throw GraphClient.untrusted(this.settings.loginUrl(), untrusted);
                }
                IOException unanswered = GraphClient.cause(cause, IOException.class);
                if (unanswered != null) {
                    this.retry.after(attempt, null, "no answer: " + unanswered.getClass().getSimpleName()
                            + ((unanswered.getMessage() != null) ? " " + unanswered.getMessage() : ""),
                            "the token request");
                    continue;
                }
                throw new GraphSignInException("Microsoft's sign-in library could not sign app "
                        + this.settings.clientId() + " in to tenant " + this.settings.tenantId() + " with "
                        + this.settings.credential().describe() + ": " + cause.getMessage());
            }
        }
    }

    private static String header(Map<String, List<String>> headers, String name) {
        if (headers == null) {
            return null;
        }
        return headers.entrySet().stream()
            .filter((e) -> e.getKey() != null && e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty())
            .map((e) -> e.getValue().get(0))
            .findFirst()
            .orElse(null);
    }

    private String refusal(int status, String error, String message) {
        String description = (message != null) ? message.lines().findFirst().orElse("").strip() : "";
        String hint;
        if (description.startsWith("AADSTS90002") || description.startsWith("AADSTS900023")) {
            hint = "check --tenant-id (the directory id or a verified domain) and --cloud";
        }
        else if (description.startsWith("AADSTS700016")) {
            hint = "check --client-id: it is the app registration's Application (client) ID, in this tenant";
        }
        else if (description.startsWith("AADSTS7000215") || description.startsWith("AADSTS7000222")) {
            hint = "give the secret's Value (not its Secret ID), and make a new one if it expired";
        }
        else if (description.startsWith("AADSTS700027") || description.startsWith("AADSTS700024")) {
            hint = "upload the certificate to the app registration (Certificates & secrets) and check the "
                    + "machine's clock";
        }
        else {
            hint = "check the app registration, its credential and --cloud";
        }
        boolean named = error != null && !error.isEmpty() && !"unknown".equals(error);
        return "Microsoft Entra ID refused the sign-in of app " + this.settings.clientId() + " to tenant "
                + this.settings.tenantId() + " with " + this.settings.credential().describe() + " (HTTP " + status
                + (named ? ", " + error : "") + ((description.isEmpty()) ? "" : ": " + description) + "): " + hint
                + ".";
    }
}
