package org.bulkresend.graph;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import javax.net.ssl.SSLException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Sends requests to Microsoft Graph v1.0 as the app, and keeps going through what Graph documents
 * as passing: a {@code 429} or {@code 503} is sent again after the {@code Retry-After} it names, a
 * request that got no answer after a growing pause, and a {@code 401} once with a fresh token.
 * Retries are bounded; past them the request fails with {@link GraphUnavailableException}. Every
 * other answer is returned for the caller to read. Nothing here logs a request body. The app's
 * token comes from {@link AppSignIn}, Microsoft's sign-in library, whose failures to get through
 * spend the same bounded retries.
 */
public class GraphClient {

    /** The most requests one {@code $batch} may hold. */
    public static final int BATCH_LIMIT = 20;

    private static final Logger logger = LoggerFactory.getLogger(GraphClient.class);

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final GraphSettings settings;

    private final HttpClient http;

    private final Clock clock;

    private final Sleeper sleeper;

    private final String userAgent;

    private final AppSignIn signIn;

    /** The last token Graph answered {@code 401} to; the sign-in is asked for a new one instead. */
    private volatile String refusedToken;

    /** Waits between retries; tests may count instead of sleeping. */
    @FunctionalInterface
    public interface Sleeper {

        void sleep(Duration duration) throws InterruptedException;
    }

    public GraphClient(GraphSettings settings, Clock clock) {
        this(settings, clock, (duration) -> Thread.sleep(duration.toMillis()));
    }

    public GraphClient(GraphSettings settings, Clock clock, Sleeper sleeper) {
        this.settings = settings;
        this.clock = clock;
        this.sleeper = sleeper;
        HttpClient.Builder builder = HttpClient.newBuilder()
            .connectTimeout(settings.timeout())
            .followRedirects(HttpClient.Redirect.NEVER);
        if ("http".equalsIgnoreCase(settings.graphUrl().getScheme())) {
            builder.version(HttpClient.Version.HTTP_1_1);
        }
        if (settings.tls() != null) {
            builder.sslContext(settings.tls());
        }
        this.http = builder.build();
        String version = GraphClient.class.getPackage().getImplementationVersion();
        this.userAgent = "bulk-resend/" + ((version != null) ? version : "dev");
        this.signIn = new AppSignIn(settings, (attempt, retryAfter, why, what) -> pause(attempt,
                retryAfter(retryAfter).orElse(backoff(attempt)), why, what));
    }

    public GraphSettings settings() {
        return this.settings;
    }

    /** Encodes one path segment, such as a user principal name ({@code #EXT#} guests included). */
    public static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** {@code GET /v1.0{path}}. */
    public GraphResponse get(String path) {
        return send("GET", this.settings.graphUrl() + "/v1.0" + path, null, null);
    }

    /** A {@code GET} of an {@code @odata.nextLink}, which must point into the same Graph endpoint. */
    public GraphResponse getNext(String nextLink) {
        if (!nextLink.startsWith(this.settings.graphUrl() + "/")) {
            throw new GraphUnavailableException("Microsoft Graph sent a next-page link outside "
                    + this.settings.graphUrl() + "; it was not followed", null);
        }
        return send("GET", nextLink, null, null);
    }

    /** {@code method /v1.0{path}} with a JSON body. */
    public GraphResponse sendJson(String method, String path, JsonNode body) {
        return send(method, this.settings.graphUrl() + "/v1.0" + path, JSON.writeValueAsBytes(body),
                "application/json");
    }

    /** {@code method /v1.0{path}} with a body of the given content type. */
    public GraphResponse sendBody(String method, String path, byte[] body, String contentType) {
        return send(method, this.settings.graphUrl() + "/v1.0" + path, body, contentType);
    }

    /** One request inside a {@code $batch}: {@code url} is relative to {@code /v1.0}. */
    public record BatchRequest(String method, String url, JsonNode body) {

        public static BatchRequest get(String url) {
            return new BatchRequest("GET", url, null);
        }
    }

    /**
     * Sends up to {@value #BATCH_LIMIT} requests as one {@code $batch} and returns their answers in
     * the order given. Inner requests that are throttled are sent again, alone, after the longest
     * {@code Retry-After} among them, within the same bounded retries.
     */
    public List<GraphResponse> batch(List<BatchRequest> requests) {
        if (requests.size() > BATCH_LIMIT) {
            throw new IllegalArgumentException("a $batch holds at most " + BATCH_LIMIT + " requests");
        }
        GraphResponse[] answers = new GraphResponse[requests.size()];
        List<Integer> pending = new ArrayList<>();
        for (int i = 0; i < requests.size(); i++) {
            pending.add(i);
        }
        for (int attempt = 0; !pending.isEmpty(); attempt++) {
            ObjectNode envelope = JSON.createObjectNode();
            ArrayNode list = envelope.putArray("requests");
            for (int i : pending) {
                BatchRequest request = requests.get(i);
                ObjectNode inner = list.addObject().put("id", String.valueOf(i)).put("method", request.method())
                    .put("url", request.url());
                if (request.body() != null) {
                    inner.set("body", request.body());
                    inner.putObject("headers").put("Content-Type", "application/json");
                }
            }
            GraphResponse outer = sendJson("POST", "/$batch", envelope);
            if (!outer.ok()) {
                throw new GraphUnavailableException("Microsoft Graph refused a $batch request (" + outer.error() + ")",
                        null);
            }
            Map<String, JsonNode> byId = new HashMap<>();
            outer.body().path("responses").forEach((response) -> byId.put(response.path("id").asString(), response));
            List<Integer> throttled = new ArrayList<>();
            Duration wait = Duration.ZERO;
            for (int i : pending) {
                JsonNode response = byId.get(String.valueOf(i));
                if (response == null) {
                    throw new GraphUnavailableException("Microsoft Graph's $batch answer left out a request", null);
                }
                Map<String, String> headers = new HashMap<>();
                response.path("headers").properties()
                    .forEach((e) -> headers.put(e.getKey().toLowerCase(Locale.ROOT), e.getValue().asString()));
                GraphResponse answer = new GraphResponse(response.path("status").asInt(), headers,
                        response.path("body"));
                if (isPassing(answer.status())) {
                    throttled.add(i);
                    Duration asked = retryAfter(headers.get("retry-after")).orElse(backoff(attempt));
                    wait = (asked.compareTo(wait) > 0) ? asked : wait;
                }
                answers[i] = answer;
            }
            pending = throttled;
            if (!pending.isEmpty()) {
                pause(attempt, wait, answers[pending.get(0)].status() + " " + answers[pending.get(0)].error(),
                        pending.size() + " of a batch");
            }
        }
        return List.of(answers);
    }

    /**
     * The application permissions granted to the app, as its access token's {@code roles} claim lists
     * them (signing in if it has no valid token); empty if the token is not one that can be read
     * (Microsoft Graph's tokens are JWTs, which can). The token itself is not shown anywhere.
     */
    public Optional<Set<String>> grantedRoles() {
        String[] parts = token().split("\\.", -1);
        if (parts.length != 3) {
            return Optional.empty();
        }
        try {
            JsonNode roles = JSON.readTree(Base64.getUrlDecoder().decode(parts[1])).path("roles");
            Set<String> granted = new TreeSet<>();
            roles.forEach((role) -> granted.add(role.asString()));
            return Optional.of(granted);
        }
        catch (IllegalArgumentException | JacksonException ex) {
            return Optional.empty();
        }
    }

    /** Signs the app in now, if it has no valid token, so that a set-up mistake shows before anything changes. */
    public void signIn() {
        token();
    }

    private GraphResponse send(String method, String url, byte[] body, String contentType) {
        boolean refreshed = false;
        for (int attempt = 0;; attempt++) {
            String bearer = token();
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .timeout(this.settings.timeout())
                .header("Authorization", "Bearer " + bearer)
                .header("Accept", "application/json")
                .header("User-Agent", this.userAgent)
                .header("client-request-id", UUID.randomUUID().toString());
            if (body != null) {
                request.header("Content-Type", contentType).method(method, HttpRequest.BodyPublishers.ofByteArray(body));
            }
            else {
                request.method(method, HttpRequest.BodyPublishers.noBody());
            }
            HttpResponse<byte[]> response;
            try {
                response = this.http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            }
            catch (IOException ex) {
                SSLException untrusted = cause(ex, SSLException.class);
                if (untrusted != null) {
                    throw untrusted(this.settings.graphUrl(), untrusted);
                }
                pause(attempt, backoff(attempt), "no answer: " + describe(ex), method + " " + path(url));
                continue;
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw new GraphUnavailableException("interrupted while waiting for Microsoft Graph", ex);
            }
            GraphResponse answer = answer(response);
            if (answer.status() == 401) {
                forget(bearer);
                if (!refreshed) {
                    refreshed = true;
                    attempt--;
                    continue;
                }
                throw new GraphSignInException("Microsoft Graph refused the app's new token too (" + answer.error()
                        + "). Check that the app registration belongs to tenant " + this.settings.tenantId()
                        + " and that --graph-url matches its cloud.");
            }
            if (isPassing(answer.status())) {
                pause(attempt, retryAfter(answer.headers().get("retry-after")).orElse(backoff(attempt)),
                        answer.status() + " " + answer.error(), method + " " + path(url));
                continue;
            }
            return answer;
        }
    }

    private static boolean isPassing(int status) {
        return status == 429 || status == 503 || status == 504;
    }

    /** Waits before retry {@code attempt + 1}, or gives up when the retries or the wait are past their bounds. */
    private void pause(int attempt, Duration wait, String why, String what) {
        if (attempt >= this.settings.retries()) {
            throw new GraphUnavailableException("Microsoft Graph still answered " + why + " to " + what + " after "
                    + this.settings.retries() + " retries", null);
        }
        if (wait.compareTo(this.settings.maxWait()) > 0) {
            throw new GraphUnavailableException("Microsoft Graph answered " + why + " to " + what + " and asked to "
                    + "wait " + wait.toSeconds() + " s, longer than the " + this.settings.maxWait().toSeconds()
                    + " s bulk-resend waits at most", null);
        }
        logger.warn("Microsoft Graph answered {} to {}: waiting {} ms before retry {} of {}.", why, what,
                wait.toMillis(), attempt + 1, this.settings.retries());
        try {
            this.sleeper.sleep(wait);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new GraphUnavailableException("interrupted while waiting to retry Microsoft Graph", ex);
        }
    }

    private static Duration backoff(int attempt) {
        return Duration.ofSeconds(1L << Math.min(attempt, 6));
    }

    /** {@code Retry-After} in seconds or as an HTTP date. */
    private Optional<Duration> retryAfter(String value) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(value.strip()))));
        }
        catch (NumberFormatException notSeconds) {
            try {
                Instant at = ZonedDateTime.parse(value.strip(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                Duration wait = Duration.between(this.clock.instant(), at);
                return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
            }
            catch (DateTimeParseException neither) {
                return Optional.empty();
            }
        }
    }

    private static GraphResponse answer(HttpResponse<byte[]> response) {
        Map<String, String> headers = new HashMap<>();
        response.headers().map().forEach((name, values) -> {
            if (!values.isEmpty()) {
                headers.put(name.toLowerCase(Locale.ROOT), values.get(0));
            }
        });
        return new GraphResponse(response.statusCode(), headers, json(response.body()));
    }

    private static JsonNode json(byte[] body) {
        if (body == null || body.length == 0) {
            return null;
        }
        try {
            return JSON.readTree(body);
        }
        catch (JacksonException notJson) {
            return null;
        }
    }

    private String path(String url) {
        String path = URI.create(url).getRawPath();
        return path.replaceAll("/users/[^/]+", "/users/{user}");
    }

    /** The first {@code type} in the chain of causes, or null. */
    static <T extends Throwable> T cause(Throwable failure, Class<T> type) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return type.cast(cause);
            }
        }
        return null;
    }

    /** A TLS handshake that failed: a set-up mistake, never retried. */
    static GraphSignInException untrusted(URI endpoint, SSLException ex) {
        String reason = (ex.getMessage() != null) ? ex.getMessage().lines().findFirst().orElse("") : "";
        return new GraphSignInException("bulk-resend does not trust the certificate of " + endpoint + " (" + reason
                + "). If a proxy inspects TLS on the way, or the endpoint is a private one, give its certificate "
                + "authority in a PEM file with --graph-ca-file.");
    }

    private static String describe(IOException ex) {
        return ex.getClass().getSimpleName() + ((ex.getMessage() != null) ? " " + ex.getMessage() : "");
    }

    // --- the app's token ---------------------------------------------------------------------

    /** The app's token, a new one if Graph refused the one the sign-in still holds. */
    private String token() {
        String token = this.signIn.token(false);
        return token.equals(this.refusedToken) ? this.signIn.token(true) : token;
    }

    private void forget(String bearer) {
        this.refusedToken = bearer;
    }
}
