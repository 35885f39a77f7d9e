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
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

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
 * other answer is returned for the caller to read. Nothing here logs a request body.
 * <p>
 * Longer than this project's usual 300 lines on purpose: the token, the retries and the
 * throttling are one protocol with one budget of attempts per request, and splitting them would
 * spread that budget over several classes.
 */
public class GraphClient {

    /** The most requests one {@code $batch} may hold. */
    public static final int BATCH_LIMIT = 20;

    static final Duration TOKEN_MARGIN = Duration.ofMinutes(5);

    private static final Logger logger = LoggerFactory.getLogger(GraphClient.class);

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final GraphSettings settings;

    private final HttpClient http;

    private final Clock clock;

    private final Sleeper sleeper;

    private final String userAgent;

    private String token;

    private Instant tokenRefreshAt = Instant.MIN;

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
        this.http = builder.build();
        String version = GraphClient.class.getPackage().getImplementationVersion();
        this.userAgent = "bulk-resend/" + ((version != null) ? version : "dev");
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

    private static String describe(IOException ex) {
        return ex.getClass().getSimpleName() + ((ex.getMessage() != null) ? " " + ex.getMessage() : "");
    }

    // --- the app's token ---------------------------------------------------------------------

    private synchronized String token() {
        if (this.token != null && this.clock.instant().isBefore(this.tokenRefreshAt)) {
            return this.token;
        }
        String form = form();
        for (int attempt = 0;; attempt++) {
            HttpRequest request = HttpRequest.newBuilder(URI.create(this.settings.tokenUrl()))
                .timeout(this.settings.timeout())
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .header("User-Agent", this.userAgent)
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build();
            HttpResponse<byte[]> response;
            try {
                response = this.http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            }
            catch (IOException ex) {
                pause(attempt, backoff(attempt), "no answer: " + describe(ex), "the token request");
                continue;
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw new GraphUnavailableException("interrupted while signing in to Microsoft Graph", ex);
            }
            JsonNode body = json(response.body());
            if (response.statusCode() == 200 && body != null && body.path("access_token").isString()) {
                long lifetime = body.path("expires_in").asLong(3599);
                Duration margin = (lifetime > 2 * TOKEN_MARGIN.toSeconds()) ? TOKEN_MARGIN
                        : Duration.ofSeconds(lifetime / 2);
                this.token = body.path("access_token").asString();
                this.tokenRefreshAt = this.clock.instant().plusSeconds(lifetime).minus(margin);
                logger.info("Signed in to Microsoft Graph as app {} of tenant {} with {}; the token is renewed in {} s.",
                        this.settings.clientId(), this.settings.tenantId(), this.settings.credential().describe(),
                        Duration.between(this.clock.instant(), this.tokenRefreshAt).toSeconds());
                return this.token;
            }
            if (response.statusCode() == 429 || response.statusCode() >= 500) {
                pause(attempt, backoff(attempt), "HTTP " + response.statusCode(), "the token request");
                continue;
            }
            throw new GraphSignInException(signInRefused(response.statusCode(), body));
        }
    }

    private synchronized void forget(String bearer) {
        if (bearer.equals(this.token)) {
            this.token = null;
        }
    }

    private String form() {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("grant_type", "client_credentials");
        fields.put("client_id", this.settings.clientId());
        fields.put("scope", this.settings.scope());
        fields.putAll(this.settings.credential().tokenFields(this.settings.tokenUrl()));
        return fields.entrySet().stream()
            .map((e) -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                    + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
            .collect(Collectors.joining("&"));
    }

    private String signInRefused(int status, JsonNode body) {
        String error = (body != null) ? body.path("error").asString("") : "";
        String description = (body != null) ? body.path("error_description").asString("") : "";
        description = description.lines().findFirst().orElse("").strip();
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
        return "Microsoft Entra ID refused the sign-in of app " + this.settings.clientId() + " to tenant "
                + this.settings.tenantId() + " with " + this.settings.credential().describe() + " (HTTP " + status
                + ((error.isEmpty()) ? "" : ", " + error) + ((description.isEmpty()) ? "" : ": " + description)
                + "): " + hint + ".";
    }
}
