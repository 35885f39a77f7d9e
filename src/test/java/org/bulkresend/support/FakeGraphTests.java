package org.bulkresend.support;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.bulkresend.support.FakeGraph.Credentials;
import org.bulkresend.support.FakeGraph.Recorded;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Microsoft Graph and the token endpoint as served locally, driven over real HTTP the way the job
 * drives them.
 */
class FakeGraphTests {

    static final String TENANT = "5f1c9a3e-7b2d-4c8e-9a61-3d4b5c6e7f80";

    static final String CLIENT = "0b8e6a52-41c7-4f3a-8d29-6e1f2a3b4c5d";

    static final String SECRET = "Qx8~secret.value_for-the-app";

    static final String USER_SELECT = "id,userPrincipalName,displayName,accountEnabled,preferredLanguage,otherMails,"
            + "mail";

    static final String TAP_POLICY = "/v1.0/policies/authenticationMethodsPolicy/authenticationMethodConfigurations/"
            + "TemporaryAccessPass";

    static final String UUID_PATTERN = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

    /** Letters, digits and symbols, as in the docs' examples of a Temporary Access Pass. */
    static final String PASS_PATTERN = "[A-Za-z0-9!#%&*+=?@-]+";

    static final Credentials REGISTERED = FakeGraph.newCertificate();

    static final Credentials UNREGISTERED = FakeGraph.newCertificate();

    static final JsonMapper JSON = JsonMapper.builder().build();

    static final HttpClient HTTP = HttpClient.newBuilder().sslContext(TestCertificateAuthority.clientContext()).build();

    FakeGraph graph;

    @BeforeEach
    void start() {
        this.graph = FakeGraph.start(TENANT, CLIENT).secret(SECRET).certificate(REGISTERED.certificate());
    }

    @AfterEach
    void stop() {
        this.graph.close();
    }

    /**
     * The injected latency holds each answer back at least that long (a lower bound only, so a slow
     * machine cannot fail it), and the server counts the requests it answers at once.
     */
    @Test
    void injectedLatencyHoldsEachAnswerBackAndConcurrentRequestsAreCounted() throws Exception {
        this.graph.latency(Duration.ofSeconds(1), Duration.ZERO);
        List<java.util.concurrent.CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
        long started = System.nanoTime();
        for (int i = 0; i < 3; i++) {
            answers.add(HTTP.sendAsync(HttpRequest.newBuilder(URI.create(this.graph.url() + "/v1.0/users")).GET()
                .build(), HttpResponse.BodyHandlers.ofString()));
        }
        for (java.util.concurrent.CompletableFuture<HttpResponse<String>> answer : answers) {
            assertThat(answer.get().statusCode()).as("no token: refused, after the wait").isEqualTo(401);
        }

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        assertThat(this.graph.maxConcurrentRequests()).as("answered side by side, not one after another")
            .isEqualTo(3);
    }

    @Test
    void clientSecretGetsAToken() throws Exception {
        HttpResponse<String> issued = this.tokenRequest(this.graph.tokenUrl(), "client_id", CLIENT, "client_secret",
                SECRET);
        assertThat(issued.statusCode()).isEqualTo(200);
        JsonNode token = json(issued);
        assertThat(token.get("token_type").stringValue()).isEqualTo("Bearer");
        assertThat(token.get("expires_in").asInt()).isEqualTo(3599);
        assertThat(token.get("ext_expires_in").asInt()).isEqualTo(3599);
        assertThat(token.get("access_token").stringValue()).isNotBlank();

        JsonNode wrongSecret = this.refused(this.tokenRequest(this.graph.tokenUrl(), "client_id", CLIENT,
                "client_secret", "not-the-secret"), 401, "invalid_client", 7000215);
        assertThat(wrongSecret.get("error_description").stringValue())
            .startsWith("AADSTS7000215: Invalid client secret provided.")
            .contains("for a secret added to app '" + CLIENT + "'.");
        assertThat(wrongSecret.get("trace_id").stringValue()).isNotBlank();
        assertThat(wrongSecret.get("correlation_id").stringValue()).isNotBlank();
        assertThat(wrongSecret.get("timestamp").stringValue()).matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\dZ");

        JsonNode unknownTenant = this.refused(this.tokenRequest(this.graph.url() + "/contoso.example/oauth2/v2.0/token",
                "client_id", CLIENT, "client_secret", SECRET), 400, "invalid_request", 90002);
        assertThat(unknownTenant.get("error_description").stringValue())
            .startsWith("AADSTS90002: Tenant 'contoso.example' not found.");

        JsonNode unknownClient = this.refused(this.tokenRequest(this.graph.tokenUrl(), "client_id",
                "11111111-2222-3333-4444-555555555555", "client_secret", SECRET), 400, "unauthorized_client", 700016);
        assertThat(unknownClient.get("error_description").stringValue()).startsWith(
                "AADSTS700016: Application with identifier '11111111-2222-3333-4444-555555555555' was not found");

        this.refused(this.send(HttpRequest.newBuilder(URI.create(this.graph.tokenUrl()))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(BodyPublishers.ofString(form("grant_type", "client_credentials", "client_id", CLIENT, "scope",
                    "https://graph.microsoft.com/User.Read", "client_secret", SECRET)))),
                400, "invalid_scope", 1002012);
        JsonNode proxy = this.refused(this.send(HttpRequest.newBuilder(URI.create(this.graph.tokenUrl()))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(BodyPublishers.ofString(form("grant_type", "client_credentials", "client_id", CLIENT, "scope",
                    this.graph.url() + "/.default", "client_secret", SECRET)))),
                400, "invalid_resource", 500011);
        assertThat(proxy.get("error_description").stringValue()).as("the local address is not Graph's resource")
            .startsWith("AADSTS500011: The resource principal named " + this.graph.url() + " was not found");
        assertThat(this.graph.tokensIssued()).isEqualTo(1);
    }

    @Test
    void certificateAssertionGetsATokenOnlyWhenSignedByTheRegisteredKey() throws Exception {
        String tokenUrl = this.graph.tokenUrl();
        String assertion = REGISTERED.clientAssertion(CLIENT, tokenUrl);
        HttpResponse<String> issued = this.tokenRequest(tokenUrl, "client_id", CLIENT, "client_assertion_type",
                FakeGraph.JWT_BEARER, "client_assertion", assertion);
        assertThat(issued.statusCode()).isEqualTo(200);
        assertThat(json(issued).get("access_token").stringValue()).isNotBlank();

        String[] registered = assertion.split("\\.");
        String[] other = UNREGISTERED.clientAssertion(CLIENT, tokenUrl).split("\\.");
        String forged = registered[0] + "." + registered[1] + "." + other[2];
        JsonNode badSignature = this.refused(this.tokenRequest(tokenUrl, "client_id", CLIENT, "client_assertion_type",
                FakeGraph.JWT_BEARER, "client_assertion", forged), 401, "invalid_client", 700027);
        assertThat(badSignature.get("error_description").stringValue()).contains("signature validation");

        JsonNode unknownKey = this.refused(this.tokenRequest(tokenUrl, "client_id", CLIENT, "client_assertion_type",
                FakeGraph.JWT_BEARER, "client_assertion", UNREGISTERED.clientAssertion(CLIENT, tokenUrl)), 401,
                "invalid_client", 700027);
        assertThat(unknownKey.get("error_description").stringValue()).contains("is not registered on application");

        this.refused(this.tokenRequest(tokenUrl, "client_id", CLIENT, "client_assertion_type", FakeGraph.JWT_BEARER,
                "client_assertion", REGISTERED.clientAssertion(CLIENT, this.graph.url() + "/common/oauth2/v2.0/token")),
                401, "invalid_client", 700023);
        Instant now = Instant.now();
        this.refused(this.tokenRequest(tokenUrl, "client_id", CLIENT, "client_assertion_type", FakeGraph.JWT_BEARER,
                "client_assertion", REGISTERED.clientAssertion(CLIENT, tokenUrl, now.minusSeconds(1200),
                        now.minusSeconds(600))),
                401, "invalid_client", 700024);
        assertThat(this.graph.tokensIssued()).isEqualTo(1);
    }

    @Test
    void userLookUpAnswersTheSelectedPropertiesOnly() throws Exception {
        String id = this.graph.user("Alice@Contoso.com")
            .displayName("Alice Liddell")
            .preferredLanguage("fr-FR")
            .otherMails("alice@example.net")
            .id();
        this.graph.user("bob@contoso.com").accountEnabled(false);
        String token = this.token();

        HttpResponse<String> alice = this.call(token, "GET", "/v1.0/users/alice%40contoso.com?%24select=" + USER_SELECT,
                null, null);
        assertThat(alice.statusCode()).isEqualTo(200);
        assertThat(alice.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/json");
        JsonNode user = json(alice);
        assertThat(user.propertyNames()).containsExactly("@odata.context", "id", "userPrincipalName", "displayName",
                "accountEnabled", "preferredLanguage", "otherMails", "mail");
        assertThat(user.get("@odata.context").stringValue())
            .isEqualTo(this.graph.url() + "/v1.0/$metadata#users(" + USER_SELECT + ")/$entity");
        assertThat(user.get("id").stringValue()).isEqualTo(id);
        assertThat(user.get("userPrincipalName").stringValue()).isEqualTo("Alice@Contoso.com");
        assertThat(user.get("displayName").stringValue()).isEqualTo("Alice Liddell");
        assertThat(user.get("accountEnabled").booleanValue()).isTrue();
        assertThat(user.get("preferredLanguage").stringValue()).isEqualTo("fr-FR");
        assertThat(user.get("otherMails")).hasSize(1);
        assertThat(user.get("otherMails").get(0).stringValue()).isEqualTo("alice@example.net");
        assertThat(user.get("mail").isNull()).isTrue();

        JsonNode byId = json(this.call(token, "GET", "/v1.0/users/" + id + "?$select=displayName", null, null));
        assertThat(byId.propertyNames()).containsExactly("@odata.context", "displayName");

        JsonNode bob = json(this.call(token, "GET", "/v1.0/users/bob@contoso.com?$select=" + USER_SELECT, null, null));
        assertThat(bob.get("accountEnabled").booleanValue()).isFalse();
        assertThat(bob.get("otherMails").isArray()).isTrue();
        assertThat(bob.get("otherMails")).isEmpty();
        assertThat(bob.get("preferredLanguage").isNull()).isTrue();

        HttpResponse<String> missing = this.send(HttpRequest.newBuilder(
                URI.create(this.graph.url() + "/v1.0/users/nobody%40contoso.com?$select=" + USER_SELECT))
            .header("Authorization", "Bearer " + token)
            .header("client-request-id", "6a1f0c2e-0000-4000-8000-00000000abcd")
            .GET());
        JsonNode error = this.graphError(missing, 404, "Request_ResourceNotFound");
        assertThat(error.get("message").stringValue()).isEqualTo("Resource 'nobody@contoso.com' does not exist or one "
                + "of its queried reference-property objects are not present.");
        assertThat(error.get("innerError").get("client-request-id").stringValue())
            .isEqualTo("6a1f0c2e-0000-4000-8000-00000000abcd");
        assertThat(missing.headers().firstValue("client-request-id")).hasValue("6a1f0c2e-0000-4000-8000-00000000abcd");
        assertThat(missing.headers().firstValue("request-id").orElseThrow())
            .isEqualTo(error.get("innerError").get("request-id").stringValue());
    }

    @Test
    void directoryRolesArePagedWithANextLink() throws Exception {
        this.graph.rolesPageSize(2);
        this.graph.user("carol@contoso.com")
            .roles("User Administrator", "Helpdesk Administrator", FakeGraph.ROLE_TEMPLATE_IDS.get("Reports Reader"));
        this.graph.user("dan@contoso.com");
        String token = this.token();
        String path = "/transitiveMemberOf/microsoft.graph.directoryRole?$select=displayName,roleTemplateId";

        JsonNode first = json(this.call(token, "GET", "/v1.0/users/carol%40contoso.com" + path, null, null));
        assertThat(first.get("@odata.context").stringValue())
            .isEqualTo(this.graph.url() + "/v1.0/$metadata#directoryRoles(displayName,roleTemplateId)");
        assertThat(first.get("value")).hasSize(2);
        JsonNode role = first.get("value").get(0);
        assertThat(role.get("@odata.type").stringValue()).isEqualTo("#microsoft.graph.directoryRole");
        assertThat(role.get("id").stringValue()).isNotBlank();
        assertThat(role.get("displayName").stringValue()).isEqualTo("User Administrator");
        assertThat(role.get("roleTemplateId").stringValue()).isEqualTo("fe930be7-5e62-47db-91af-98c3a49a38b1");
        assertThat(first.get("value").get(1).get("roleTemplateId").stringValue())
            .isEqualTo("729827e3-9c14-49f7-bb1b-9608f156bbb8");
        String nextLink = first.get("@odata.nextLink").stringValue();
        assertThat(nextLink).startsWith(this.graph.url() + "/v1.0/users/");

        HttpResponse<String> second = this.send(HttpRequest.newBuilder(URI.create(nextLink))
            .header("Authorization", "Bearer " + token)
            .GET());
        assertThat(second.statusCode()).isEqualTo(200);
        JsonNode last = json(second);
        assertThat(last.get("value")).hasSize(1);
        assertThat(last.get("value").get(0).get("displayName").stringValue()).isEqualTo("Reports Reader");
        assertThat(last.has("@odata.nextLink")).isFalse();

        assertThat(json(this.call(token, "GET", "/v1.0/users/dan@contoso.com" + path, null, null)).get("value"))
            .isEmpty();
        this.graphError(this.call(token, "GET", "/v1.0/users/nobody@contoso.com" + path, null, null), 404,
                "Request_ResourceNotFound");
    }

    @Test
    void passwordResetIsAppliedOrRefusedAsGraphDoes() throws Exception {
        this.graph.user("dave@contoso.com");
        this.graph.user("erin@contoso.com").roles("Helpdesk Administrator");
        this.graph.user("frank@contoso.com");
        this.graph.banPasswords("frank@contoso.com");
        String token = this.token();

        assertThat(this.reset(token, "dave@contoso.com", "Str0ng-Passw0rd!").statusCode()).isEqualTo(204);
        assertThat(this.graph.passwordOf("dave@contoso.com")).isEqualTo("Str0ng-Passw0rd!");
        assertThat(this.graph.forcedChange("dave@contoso.com")).isTrue();
        assertThat(this.graph.resetCount("dave@contoso.com")).isEqualTo(1);

        for (String weak : List.of("Sh0rt!", "alllowercase123", "x".repeat(250) + "Ab1!xxxx")) {
            JsonNode error = this.graphError(this.reset(token, "dave@contoso.com", weak), 400, "Request_BadRequest");
            assertThat(error.get("message").stringValue()).isEqualTo(FakeGraph.PASSWORD_COMPLEXITY);
        }
        this.graphError(this.reset(token, "frank@contoso.com", "Str0ng-Passw0rd!"), 400, "Request_BadRequest");
        assertThat(this.graph.passwordOf("frank@contoso.com")).isNull();

        JsonNode denied = this.graphError(this.reset(token, "erin@contoso.com", "Str0ng-Passw0rd!"), 403,
                "Authorization_RequestDenied");
        assertThat(denied.get("message").stringValue()).isEqualTo("Insufficient privileges to complete the operation.");
        this.graph.appMayResetAdmins(true);
        assertThat(this.reset(token, "erin@contoso.com", "Str0ng-Passw0rd!").statusCode()).isEqualTo(204);

        this.graphError(this.reset(token, "nobody@contoso.com", "Str0ng-Passw0rd!"), 404, "Request_ResourceNotFound");
        this.graphError(this.call(token, "PATCH", "/v1.0/users/dave@contoso.com", "application/json", "{\"pass"), 400,
                "BadRequest");
        this.graphError(this.call(token, "PATCH", "/v1.0/users/dave@contoso.com", "application/json",
                "{\"accountEnabled\":false}"), 400, "Request_BadRequest");
        assertThat(this.graph.passwordOf("dave@contoso.com")).isEqualTo("Str0ng-Passw0rd!");
        assertThat(this.graph.resetCount("dave@contoso.com")).isEqualTo(1);
        assertThat(this.graph.resetCount("erin@contoso.com")).isEqualTo(1);
    }

    @Test
    void batchRunsEachRequestAsIfSentAlone() throws Exception {
        this.graph.user("alice@contoso.com").roles("Directory Readers");
        this.graph.user("gina@contoso.com");
        String token = this.token();
        this.graph.throttle("GET", 1, 2);
        ObjectNode batch = JSON.createObjectNode();
        ArrayNode requests = batch.putArray("requests");
        addRequest(requests, "1", "GET", "/users/alice@contoso.com?$select=" + USER_SELECT);
        addRequest(requests, "2", "GET", "/users/alice@contoso.com?$select=" + USER_SELECT);
        addRequest(requests, "3", "GET", "/users/nobody@contoso.com?$select=" + USER_SELECT);
        ObjectNode patch = addRequest(requests, "4", "PATCH", "/users/gina@contoso.com");
        patch.putObject("headers").put("Content-Type", "application/json");
        patch.putObject("body").putObject("passwordProfile").put("forceChangePasswordNextSignIn", true)
            .put("password", "Batch-Passw0rd!");
        addRequest(requests, "5", "GET", "/users/alice@contoso.com/transitiveMemberOf/microsoft.graph.directoryRole"
                + "?$select=displayName,roleTemplateId");

        HttpResponse<String> answered = this.call(token, "POST", "/v1.0/%24batch", "application/json",
                JSON.writeValueAsString(batch));
        assertThat(answered.statusCode()).isEqualTo(200);
        JsonNode responses = json(answered).get("responses");
        assertThat(responses).hasSize(5);
        assertThat(response(responses, "1").get("status").asInt()).isEqualTo(429);
        assertThat(response(responses, "1").get("headers").get("Retry-After").stringValue()).isEqualTo("2");
        assertThat(response(responses, "1").get("body").get("error").get("code").stringValue())
            .isEqualTo("TooManyRequests");
        assertThat(response(responses, "2").get("status").asInt()).isEqualTo(200);
        assertThat(response(responses, "2").get("headers").get("Content-Type").stringValue())
            .startsWith("application/json");
        assertThat(response(responses, "2").get("body").get("userPrincipalName").stringValue())
            .isEqualTo("alice@contoso.com");
        assertThat(response(responses, "3").get("status").asInt()).isEqualTo(404);
        assertThat(response(responses, "3").get("body").get("error").get("code").stringValue())
            .isEqualTo("Request_ResourceNotFound");
        assertThat(response(responses, "4").get("status").asInt()).isEqualTo(204);
        assertThat(response(responses, "4").has("body")).isFalse();
        assertThat(response(responses, "5").get("body").get("value").get(0).get("displayName").stringValue())
            .isEqualTo("Directory Readers");
        assertThat(this.graph.passwordOf("gina@contoso.com")).isEqualTo("Batch-Passw0rd!");

        List<Recorded> inner = this.graph.requests().stream().filter(Recorded::batched).toList();
        assertThat(inner).extracting(Recorded::method).containsExactly("GET", "GET", "GET", "PATCH", "GET");
        assertThat(inner).extracting(Recorded::status).containsExactly(429, 200, 404, 204, 200);
        assertThat(inner.get(0).path()).isEqualTo("/v1.0/users/alice@contoso.com");
        assertThat(inner.get(0).query("$select")).isEqualTo(USER_SELECT);
        assertThat(inner.get(3).header("content-type")).isEqualTo("application/json");

        ObjectNode tooMany = JSON.createObjectNode();
        ArrayNode many = tooMany.putArray("requests");
        for (int i = 1; i <= 21; i++) {
            addRequest(many, String.valueOf(i), "GET", "/users/alice@contoso.com");
        }
        JsonNode refused = this.graphError(this.call(token, "POST", "/v1.0/$batch", "application/json",
                JSON.writeValueAsString(tooMany)), 400, "BadRequest");
        assertThat(refused.get("message").stringValue()).contains("exceeds the limit");
        this.graphError(this.call(null, "POST", "/v1.0/$batch", "application/json", JSON.writeValueAsString(batch)),
                401, "InvalidAuthenticationToken");
    }

    @Test
    void expiredTokensAreRefusedUntilTheClientGetsANewOne() throws Exception {
        this.graph.user("alice@contoso.com");
        String token = this.token();
        assertThat(this.call(token, "GET", "/v1.0/users/alice@contoso.com", null, null).statusCode()).isEqualTo(200);

        this.graph.expireAllTokens();
        HttpResponse<String> expired = this.call(token, "GET", "/v1.0/users/alice@contoso.com", null, null);
        JsonNode error = this.graphError(expired, 401, "InvalidAuthenticationToken");
        assertThat(error.get("message").stringValue()).isEqualTo("Access token has expired or is not yet valid.");
        assertThat(expired.headers().firstValue("WWW-Authenticate").orElseThrow()).startsWith("Bearer ");
        this.graphError(this.call(null, "GET", "/v1.0/users/alice@contoso.com", null, null), 401,
                "InvalidAuthenticationToken");

        assertThat(this.call(this.token(), "GET", "/v1.0/users/alice@contoso.com", null, null).statusCode())
            .isEqualTo(200);
        this.graph.tokenLifetime(Duration.ZERO);
        String stillborn = this.token();
        this.graphError(this.call(stillborn, "GET", "/v1.0/users/alice@contoso.com", null, null), 401,
                "InvalidAuthenticationToken");
        assertThat(this.graph.tokensIssued()).isEqualTo(3);
    }

    @Test
    void throttlingAndOutagesCarryRetryAfter() throws Exception {
        this.graph.user("alice@contoso.com");
        String token = this.token();
        String path = "/v1.0/users/alice@contoso.com";

        this.graph.throttle(1, 3);
        this.token();
        HttpResponse<String> throttled = this.call(token, "GET", path, null, null);
        JsonNode error = this.graphError(throttled, 429, "TooManyRequests");
        assertThat(error.get("message").stringValue()).isEqualTo("Too many requests.");
        assertThat(throttled.headers().firstValue("Retry-After")).hasValue("3");
        assertThat(this.call(token, "GET", path, null, null).statusCode()).isEqualTo(200);

        this.graph.unavailable(1, 5);
        HttpResponse<String> unavailable = this.call(token, "GET", path, null, null);
        this.graphError(unavailable, 503, "ServiceUnavailable");
        assertThat(unavailable.headers().firstValue("Retry-After")).hasValue("5");

        this.graph.throttle("PATCH", 1, 1);
        assertThat(this.call(token, "GET", path, null, null).statusCode()).isEqualTo(200);
        this.graphError(this.reset(token, "alice@contoso.com", "Str0ng-Passw0rd!"), 429, "TooManyRequests");
        assertThat(this.reset(token, "alice@contoso.com", "Str0ng-Passw0rd!").statusCode()).isEqualTo(204);
    }

    @Test
    void droppedConnectionFailsTheCall() throws Exception {
        this.graph.user("alice@contoso.com");
        String token = this.token();
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(this.graph.url() + "/v1.0/users/alice@contoso.com"))
            .header("Authorization", "Bearer " + token)
            .GET()
            .build();

        // The client sends a GET once more by itself when the connection closes before any answer.
        this.graph.dropConnections(1);
        assertThat(client.send(request, BodyHandlers.ofString()).statusCode()).isEqualTo(200);
        this.graph.dropConnections("GET", 2);
        assertThatThrownBy(() -> client.send(request, BodyHandlers.ofString())).isInstanceOf(IOException.class);
        assertThat(client.send(request, BodyHandlers.ofString()).statusCode()).isEqualTo(200);

        this.graph.dropConnections("PATCH", 1);
        assertThatThrownBy(() -> this.reset(token, "alice@contoso.com", "Str0ng-Passw0rd!"))
            .isInstanceOf(IOException.class);
        assertThat(this.graph.passwordOf("alice@contoso.com")).isNull();
        assertThat(this.graph.requests()).extracting(Recorded::status).containsExactly(200, 0, 200, 0, 0, 200, 0);
    }

    @Test
    void sendMailAcceptsMimeAndJson() throws Exception {
        this.graph.user("noreply@contoso.com").mail("noreply@contoso.com");
        this.graph.user("nomailbox@contoso.com");
        String token = this.token();

        MimeMessage message = new MimeMessage(Session.getInstance(new Properties()));
        message.setFrom(new InternetAddress("noreply@contoso.com"));
        message.setRecipients(Message.RecipientType.TO, "alice@example.net");
        message.setSubject("Your new password", "UTF-8");
        message.setText("Bonjour Alice", "UTF-8");
        String mime = mime(message);
        HttpResponse<String> accepted = this.call(token, "POST", "/v1.0/users/noreply%40contoso.com/sendMail",
                "text/plain", mime);
        assertThat(accepted.statusCode()).isEqualTo(202);
        assertThat(accepted.body()).isEmpty();
        assertThat(this.graph.sentMail()).hasSize(1);
        MimeMessage received = this.graph.sentMail().get(0);
        assertThat(received.getSubject()).isEqualTo("Your new password");
        assertThat(received.getRecipients(Message.RecipientType.TO)[0].toString()).isEqualTo("alice@example.net");
        assertThat(received.getContent().toString()).isEqualTo("Bonjour Alice");

        String json = "{\"message\":{\"subject\":\"Hello\",\"body\":{\"contentType\":\"Text\",\"content\":\"Hi Bob\"},"
                + "\"toRecipients\":[{\"emailAddress\":{\"address\":\"bob@example.net\"}}]},\"saveToSentItems\":false}";
        assertThat(this.call(token, "POST", "/v1.0/users/noreply@contoso.com/sendMail", "application/json", json)
            .statusCode()).isEqualTo(202);
        assertThat(this.graph.sentJsonMail()).hasSize(1);
        assertThat(this.graph.sentJsonMail().get(0).get("message").get("subject").stringValue()).isEqualTo("Hello");
        assertThat(this.graph.sent()).extracting(FakeGraph.SentMail::sender)
            .containsExactly("noreply@contoso.com", "noreply@contoso.com");

        this.graphError(this.call(token, "POST", "/v1.0/users/ghost@contoso.com/sendMail", "application/json", json),
                404, "ErrorInvalidUser");
        this.graphError(this.call(token, "POST", "/v1.0/users/nomailbox@contoso.com/sendMail", "application/json",
                json), 404, "MailboxNotEnabledForRESTAPI");
        this.graphError(this.call(token, "POST", "/v1.0/users/noreply@contoso.com/sendMail", "application/json",
                json.replace("bob@example.net", "bob")), 400, "ErrorInvalidRecipients");
        message.setHeader("To", "bob");
        this.graphError(this.call(token, "POST", "/v1.0/users/noreply@contoso.com/sendMail", "text/plain",
                mime(message)), 400, "ErrorInvalidRecipients");
        this.graphError(this.call(token, "POST", "/v1.0/users/noreply@contoso.com/sendMail", "text/plain",
                "not base64!"), 400, "ErrorMimeContentInvalidBase64String");
        assertThat(this.graph.sent()).hasSize(2);
    }

    @Test
    void blockedPatchIsHeldUnappliedUntilClose() throws Exception {
        this.graph.user("hank@contoso.com");
        String token = this.token();
        CountDownLatch arrived = this.graph.blockPatch(2);
        assertThat(this.reset(token, "hank@contoso.com", "First-Passw0rd!").statusCode()).isEqualTo(204);

        CompletableFuture<HttpResponse<String>> held = HTTP.sendAsync(this.request(token, "PATCH",
                "/v1.0/users/hank@contoso.com", "application/json", passwordProfile("Second-Passw0rd!")),
                BodyHandlers.ofString());
        assertThat(arrived.await(2, TimeUnit.SECONDS)).isTrue();
        assertThat(held).isNotDone();
        assertThat(this.graph.passwordOf("hank@contoso.com")).isEqualTo("First-Passw0rd!");
        Recorded last = this.graph.requests().get(this.graph.requests().size() - 1);
        assertThat(last.method()).isEqualTo("PATCH");
        assertThat(last.body()).contains("Second-Passw0rd!");
        assertThat(last.status()).isZero();

        this.graph.close();
        assertThatThrownBy(() -> held.get(2, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
            .hasCauseInstanceOf(IOException.class);
        assertThat(this.graph.resetCount("hank@contoso.com")).isEqualTo(1);
    }

    @Test
    void certificateIsSelfSignedAndWrittenAsPem(@TempDir Path folder) throws Exception {
        X509Certificate certificate = REGISTERED.certificate();
        certificate.verify(certificate.getPublicKey());
        certificate.checkValidity();
        assertThat(certificate.getSubjectX500Principal().getName()).isEqualTo("CN=bulk-resend test");
        assertThat(certificate.getIssuerX500Principal()).isEqualTo(certificate.getSubjectX500Principal());
        assertThat(certificate.getVersion()).isEqualTo(3);
        assertThat(certificate.getSigAlgName()).isEqualTo("SHA256withRSA");
        assertThat(((RSAPublicKey) certificate.getPublicKey()).getModulus().bitLength()).isEqualTo(2048);
        assertThat(REGISTERED.thumbprint()).isEqualTo(Base64.getUrlEncoder().withoutPadding()
            .encodeToString(MessageDigest.getInstance("SHA-1").digest(certificate.getEncoded())));

        String pem = Files.readString(REGISTERED.writePem(folder.resolve("app.pem")));
        assertThat(pem).startsWith("-----BEGIN PRIVATE KEY-----\n").endsWith("-----END CERTIFICATE-----\n");
        String key = pem.substring(pem.indexOf("-----BEGIN PRIVATE KEY-----") + 27,
                pem.indexOf("-----END PRIVATE KEY-----"));
        PrivateKey parsed = KeyFactory.getInstance("RSA")
            .generatePrivate(new PKCS8EncodedKeySpec(Base64.getMimeDecoder().decode(key)));
        assertThat(parsed).isEqualTo(REGISTERED.privateKey());
        X509Certificate read = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(
                new ByteArrayInputStream(pem.substring(pem.indexOf("-----BEGIN CERTIFICATE-----"))
                    .getBytes(StandardCharsets.US_ASCII)));
        assertThat(read).isEqualTo(certificate);
    }

    @Test
    void tapPolicyIsReadWithPolicyReadAllOnly() throws Exception {
        this.graph.user("alice@contoso.com");
        this.graph.user("bob@contoso.com");
        String token = this.token();

        HttpResponse<String> read = this.call(token, "GET", TAP_POLICY, null, null);
        assertThat(read.statusCode()).isEqualTo(200);
        JsonNode policy = json(read);
        assertThat(policy.propertyNames()).containsExactly("@odata.context", "@odata.type", "id", "state",
                "defaultLifetimeInMinutes", "defaultLength", "minimumLifetimeInMinutes", "maximumLifetimeInMinutes",
                "isUsableOnce", "includeTargets@odata.context", "includeTargets", "excludeTargets");
        assertThat(policy.get("@odata.context").stringValue())
            .isEqualTo(this.graph.url() + "/v1.0/$metadata#authenticationMethodConfigurations/$entity");
        assertThat(policy.get("@odata.type").stringValue())
            .isEqualTo("#microsoft.graph.temporaryAccessPassAuthenticationMethodConfiguration");
        assertThat(policy.get("id").stringValue()).isEqualTo("TemporaryAccessPass");
        assertThat(policy.get("state").stringValue()).isEqualTo("enabled");
        assertThat(policy.get("defaultLifetimeInMinutes").intValue()).isEqualTo(60);
        assertThat(policy.get("defaultLength").intValue()).isEqualTo(8);
        assertThat(policy.get("minimumLifetimeInMinutes").intValue()).isEqualTo(60);
        assertThat(policy.get("maximumLifetimeInMinutes").intValue()).isEqualTo(480);
        assertThat(policy.get("isUsableOnce").booleanValue()).isFalse();
        assertThat(policy.get("includeTargets")).hasSize(1);
        JsonNode target = policy.get("includeTargets").get(0);
        assertThat(target.propertyNames()).containsExactly("targetType", "id", "isRegistrationRequired");
        assertThat(target.get("targetType").stringValue()).isEqualTo("group");
        assertThat(target.get("id").stringValue()).isEqualTo("all_users");
        assertThat(target.get("isRegistrationRequired").booleanValue()).isFalse();
        assertThat(policy.get("excludeTargets")).isEmpty();

        this.graph.tapPolicy((tap) -> tap.enabled(false).lifetimes(10, 30, 120).defaultLength(12).isUsableOnce(true))
            .tapPolicyIncludesOnly("alice@contoso.com")
            .tapPolicyExcludes("bob@contoso.com");
        // The docs' own request spells the id with a small t.
        String smallT = TAP_POLICY.replace("TemporaryAccessPass", "temporaryAccessPass");
        JsonNode changed = json(this.call(token, "GET", smallT, null, null));
        assertThat(changed.get("state").stringValue()).isEqualTo("disabled");
        assertThat(changed.get("minimumLifetimeInMinutes").intValue()).isEqualTo(10);
        assertThat(changed.get("defaultLifetimeInMinutes").intValue()).isEqualTo(30);
        assertThat(changed.get("maximumLifetimeInMinutes").intValue()).isEqualTo(120);
        assertThat(changed.get("defaultLength").intValue()).isEqualTo(12);
        assertThat(changed.get("isUsableOnce").booleanValue()).isTrue();
        assertThat(changed.get("includeTargets").get(0).get("id").stringValue()).matches(UUID_PATTERN);
        assertThat(changed.get("excludeTargets")).hasSize(1);
        assertThat(changed.get("excludeTargets").get(0).get("targetType").stringValue()).isEqualTo("group");
        assertThat(changed.get("excludeTargets").get(0).get("id").stringValue()).matches(UUID_PATTERN);
        assertThatThrownBy(() -> this.graph.tapPolicy((tap) -> tap.lifetimes(60, 30, 480)))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> this.graph.tapPolicy((tap) -> tap.defaultLength(49)))
            .isInstanceOf(IllegalArgumentException.class);

        this.graph.appMayReadPolicies(false);
        JsonNode denied = this.graphError(this.call(token, "GET", TAP_POLICY, null, null), 403,
                "Authorization_RequestDenied");
        assertThat(denied.get("message").stringValue()).isEqualTo(FakeGraph.INSUFFICIENT_PRIVILEGES);
        this.graphError(this.call(token, "PATCH", TAP_POLICY, "application/json", "{\"state\":\"enabled\"}"), 405,
                "Request_BadRequest");
    }

    @Test
    void tapIsIssuedWithThePolicyDefaults() throws Exception {
        String id = this.graph.user("alice@contoso.com").id();
        String token = this.token();

        HttpResponse<String> issued = this.issueTap(token, "alice%40contoso.com", "{}");
        assertThat(issued.statusCode()).isEqualTo(201);
        assertThat(issued.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/json");
        JsonNode tap = json(issued);
        assertThat(tap.propertyNames()).containsExactly("@odata.context", "@odata.type", "id", "temporaryAccessPass",
                "createdDateTime", "startDateTime", "lifetimeInMinutes", "isUsableOnce", "isUsable",
                "methodUsabilityReason");
        assertThat(tap.get("@odata.context").stringValue()).isEqualTo(this.graph.url() + "/v1.0/$metadata#users('" + id
                + "')/authentication/temporaryAccessPassMethods/$entity");
        assertThat(tap.get("@odata.type").stringValue())
            .isEqualTo("#microsoft.graph.temporaryAccessPassAuthenticationMethod");
        assertThat(tap.get("id").stringValue()).matches(UUID_PATTERN);
        String pass = tap.get("temporaryAccessPass").stringValue();
        assertThat(pass).matches(PASS_PATTERN).hasSize(8);
        Instant created = Instant.parse(tap.get("createdDateTime").stringValue());
        assertThat(created).isBetween(Instant.now().minusSeconds(10), Instant.now());
        assertThat(tap.get("startDateTime").stringValue()).isEqualTo(tap.get("createdDateTime").stringValue());
        assertThat(tap.get("lifetimeInMinutes").intValue()).isEqualTo(60);
        assertThat(tap.get("isUsableOnce").booleanValue()).isFalse();
        assertThat(tap.get("isUsable").booleanValue()).isTrue();
        assertThat(tap.get("methodUsabilityReason").stringValue()).isEqualTo("EnabledByPolicy");

        FakeGraph.IssuedTap held = this.graph.tapOf("alice@contoso.com");
        assertThat(held.pass()).isEqualTo(pass);
        assertThat(held.id()).isEqualTo(tap.get("id").stringValue());
        assertThat(held.lifetimeInMinutes()).isEqualTo(60);
        assertThat(held.isUsableOnce()).isFalse();
        assertThat(held.expires()).isEqualTo(held.startDateTime().plus(Duration.ofMinutes(60)));
        assertThat(held.toString()).doesNotContain(pass);
        assertThat(this.graph.tapsIssued("alice@contoso.com")).isEqualTo(1);

        this.graph.tapPolicy((policy) -> policy.defaultLength(48));
        JsonNode bare = json(this.call(token, "POST",
                "/v1.0/users/" + id + "/authentication/temporaryAccessPassMethods", null, null));
        assertThat(bare.get("temporaryAccessPass").stringValue()).matches(PASS_PATTERN).hasSize(48);

        JsonNode later = json(this.issueTap(token, "alice@contoso.com",
                "{\"startDateTime\":\"2999-06-05T00:00:00.000Z\",\"lifetimeInMinutes\":480,\"isUsableOnce\":true}"));
        assertThat(later.get("startDateTime").stringValue()).isEqualTo("2999-06-05T00:00:00Z");
        assertThat(later.get("lifetimeInMinutes").intValue()).isEqualTo(480);
        assertThat(later.get("isUsableOnce").booleanValue()).isTrue();
        assertThat(later.get("isUsable").booleanValue()).isFalse();
        assertThat(later.get("methodUsabilityReason").stringValue()).isEqualTo("NotYetValid");
        assertThat(this.graph.tapsIssued("alice@contoso.com")).isEqualTo(3);

        List<String> passes = List.of(pass, bare.get("temporaryAccessPass").stringValue(),
                later.get("temporaryAccessPass").stringValue());
        for (Recorded request : this.graph.requests()) {
            for (String issuedPass : passes) {
                assertThat(request.path() + "?" + request.rawQuery() + " " + request.headers() + " " + request.body())
                    .doesNotContain(issuedPass);
            }
        }
    }

    @Test
    void tapIsRefusedWhereEntraRefusesIt() throws Exception {
        this.graph.user("alice@contoso.com");
        this.graph.user("bob@contoso.com");
        this.graph.user("carol@contoso.com").roles("Helpdesk Administrator");
        String token = this.token();

        for (int minutes : List.of(59, 481)) {
            JsonNode error = this.graphError(this.issueTap(token, "alice@contoso.com",
                    "{\"lifetimeInMinutes\":" + minutes + "}"), 400, "badRequest");
            assertThat(error.get("message").stringValue())
                .isEqualTo("Invalid LifetimeInMinutes specified. The valid range between 60 and 480.");
            assertThat(error.get("innerError").get("message").stringValue())
                .isEqualTo(error.get("message").stringValue());
        }
        this.graphError(this.issueTap(token, "alice@contoso.com", "{\"lifetimeInMinutes\":\"sixty\"}"), 400,
                "badRequest");
        this.graphError(this.issueTap(token, "alice@contoso.com", "{\"startDateTime\":\"tomorrow\"}"), 400,
                "badRequest");
        this.graphError(this.issueTap(token, "alice@contoso.com", "{\"lifetime"), 400, "BadRequest");

        this.graph.tapPolicy((policy) -> policy.enabled(false));
        JsonNode disabled = this.graphError(this.issueTap(token, "alice@contoso.com", "{}"), 400, "badRequest");
        assertThat(disabled.get("message").stringValue()).isEqualTo(FakeGraph.TAP_NOT_ALLOWED_BY_POLICY);
        this.graph.tapPolicy((policy) -> policy.enabled(true)).tapPolicyExcludes("bob@contoso.com");
        JsonNode excluded = this.graphError(this.issueTap(token, "bob@contoso.com", "{}"), 400, "badRequest");
        assertThat(excluded.get("message").stringValue()).isEqualTo(FakeGraph.TAP_NOT_ALLOWED_BY_POLICY);

        this.graph.tapPolicy((policy) -> policy.isUsableOnce(true));
        this.graphError(this.issueTap(token, "alice@contoso.com", "{\"isUsableOnce\":false}"), 400, "badRequest");
        JsonNode forcedOnce = json(this.issueTap(token, "alice@contoso.com", "{\"lifetimeInMinutes\":480}"));
        assertThat(forcedOnce.get("isUsableOnce").booleanValue()).isTrue();
        assertThat(this.graph.tapsIssued("alice@contoso.com")).isEqualTo(1);

        JsonNode missing = this.graphError(this.issueTap(token, "nobody@contoso.com", "{}"), 404,
                "Request_ResourceNotFound");
        assertThat(missing.get("message").stringValue()).startsWith("Resource 'nobody@contoso.com' does not exist");

        JsonNode admin = this.graphError(this.issueTap(token, "carol@contoso.com", "{}"), 403, "accessDenied");
        assertThat(admin.get("message").stringValue()).isEqualTo(FakeGraph.REQUEST_AUTHORIZATION_FAILED);
        assertThat(this.graph.tapOf("carol@contoso.com")).isNull();
        this.graph.appMayResetAdmins(true);
        assertThat(this.issueTap(token, "carol@contoso.com", "{}").statusCode()).isEqualTo(201);

        this.graph.appMayManageAuthenticationMethods(false);
        this.graphError(this.issueTap(token, "alice@contoso.com", "{}"), 403, "accessDenied");
        assertThat(this.graph.tapsIssued("alice@contoso.com")).isEqualTo(1);
        assertThat(this.graph.tapsIssued("bob@contoso.com")).isZero();
        assertThat(this.graph.tapOf("bob@contoso.com")).isNull();
    }

    @Test
    void aNewTapReplacesTheOld() throws Exception {
        this.graph.user("alice@contoso.com");
        String token = this.token();
        JsonNode first = json(this.issueTap(token, "alice@contoso.com", "{}"));
        JsonNode second = json(this.issueTap(token, "alice@contoso.com", "{}"));
        assertThat(second.get("id").stringValue()).isNotEqualTo(first.get("id").stringValue());
        assertThat(this.graph.tapsIssued("alice@contoso.com")).isEqualTo(2);

        JsonNode listed = json(this.listTaps(token, "alice@contoso.com")).get("value");
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0).get("id").stringValue()).isEqualTo(second.get("id").stringValue());
        assertThat(this.graph.userSignsInWithTap("alice@contoso.com", first.get("temporaryAccessPass").stringValue()))
            .isFalse();
        assertThat(this.graph.userSignsInWithTap("alice@contoso.com", second.get("temporaryAccessPass").stringValue()))
            .isTrue();
        assertThat(this.graph.userSignsInWithTap("alice@contoso.com", second.get("temporaryAccessPass").stringValue()))
            .isTrue();
        assertThat(this.graph.userSignsInWithTap("alice@contoso.com", null)).isFalse();
    }

    @Test
    void oneTimeTapWorksOnce() throws Exception {
        this.graph.user("alice@contoso.com");
        String token = this.token();
        String pass = json(this.issueTap(token, "alice@contoso.com", "{\"isUsableOnce\":true}"))
            .get("temporaryAccessPass").stringValue();
        assertThat(this.graph.userSignsInWithTap("alice@contoso.com", "not-" + pass)).isFalse();
        assertThat(this.graph.userSignsInWithTap("alice@contoso.com", pass)).isTrue();
        assertThat(this.graph.userSignsInWithTap("alice@contoso.com", pass)).isFalse();
        assertThat(this.graph.tapOf("alice@contoso.com").used()).isTrue();
        JsonNode listed = json(this.listTaps(token, "alice@contoso.com")).get("value").get(0);
        assertThat(listed.get("isUsable").booleanValue()).isFalse();
        assertThat(listed.get("methodUsabilityReason").stringValue()).isEqualTo("OneTimeUsed");

        // A reusable pass stops working once the policy demands one-time passes.
        String reusable = json(this.issueTap(token, "alice@contoso.com", "{}")).get("temporaryAccessPass")
            .stringValue();
        this.graph.tapPolicy((policy) -> policy.isUsableOnce(true));
        assertThat(this.graph.userSignsInWithTap("alice@contoso.com", reusable)).isFalse();
        assertThat(json(this.listTaps(token, "alice@contoso.com")).get("value").get(0).get("methodUsabilityReason")
            .stringValue()).isEqualTo("DisabledByPolicy");
    }

    @Test
    void tapIsUsableFromItsStartForItsLifetime() throws Exception {
        this.graph.user("alice@contoso.com");
        this.graph.user("bob@contoso.com");
        String token = this.token();
        String pass = json(this.issueTap(token, "alice@contoso.com", "{\"lifetimeInMinutes\":60}"))
            .get("temporaryAccessPass").stringValue();
        Instant start = Instant.now().plus(Duration.ofHours(2)).truncatedTo(ChronoUnit.SECONDS);
        String later = json(this.issueTap(token, "bob@contoso.com", "{\"startDateTime\":\"" + start + "\"}"))
            .get("temporaryAccessPass").stringValue();
        assertThat(this.graph.userSignsInWithTap("alice@contoso.com", pass)).isTrue();
        assertThat(this.graph.userSignsInWithTap("bob@contoso.com", later)).isFalse();

        this.graph.timePasses(Duration.ofMinutes(59));
        assertThat(this.graph.userSignsInWithTap("alice@contoso.com", pass)).isTrue();
        this.graph.timePasses(Duration.ofMinutes(2));
        assertThat(this.graph.userSignsInWithTap("alice@contoso.com", pass)).isFalse();
        JsonNode expired = json(this.listTaps(token, "alice@contoso.com")).get("value").get(0);
        assertThat(expired.get("isUsable").booleanValue()).isFalse();
        assertThat(expired.get("methodUsabilityReason").stringValue()).isEqualTo("Expired");

        this.graph.timePasses(Duration.ofMinutes(60));
        assertThat(this.graph.userSignsInWithTap("bob@contoso.com", later)).isTrue();
        assertThat(json(this.listTaps(token, "bob@contoso.com")).get("value").get(0).get("startDateTime").stringValue())
            .isEqualTo(start.minus(Duration.ofMinutes(121)).toString());
    }

    @Test
    void listAndGetHideThePassAndDeleteRemovesIt() throws Exception {
        String id = this.graph.user("alice@contoso.com").id();
        this.graph.user("carol@contoso.com").roles("Global Administrator");
        String token = this.token();
        JsonNode none = json(this.listTaps(token, "alice@contoso.com"));
        assertThat(none.get("@odata.context").stringValue()).isEqualTo(this.graph.url() + "/v1.0/$metadata#users('" + id
                + "')/authentication/temporaryAccessPassMethods");
        assertThat(none.get("value")).isEmpty();

        JsonNode issued = json(this.issueTap(token, "alice@contoso.com", "{}"));
        String pass = issued.get("temporaryAccessPass").stringValue();
        String methodId = issued.get("id").stringValue();
        HttpResponse<String> list = this.listTaps(token, "alice@contoso.com");
        assertThat(list.body()).doesNotContain(pass);
        JsonNode listed = json(list).get("value");
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0).propertyNames()).containsExactly("id", "temporaryAccessPass", "createdDateTime",
                "startDateTime", "lifetimeInMinutes", "isUsableOnce", "isUsable", "methodUsabilityReason");
        assertThat(listed.get(0).get("temporaryAccessPass").isNull()).isTrue();
        assertThat(listed.get(0).get("createdDateTime").stringValue())
            .isEqualTo(issued.get("createdDateTime").stringValue());
        String path = "/v1.0/users/alice@contoso.com/authentication/temporaryAccessPassMethods/" + methodId;
        HttpResponse<String> one = this.call(token, "GET", path, null, null);
        assertThat(one.statusCode()).isEqualTo(200);
        assertThat(one.body()).doesNotContain(pass);
        assertThat(json(one).get("temporaryAccessPass").isNull()).isTrue();
        this.graphError(this.call(token, "GET", path.replace(methodId, UUID.randomUUID().toString()), null, null), 404,
                "Request_ResourceNotFound");

        HttpResponse<String> deleted = this.call(token, "DELETE", path, null, null);
        assertThat(deleted.statusCode()).isEqualTo(204);
        assertThat(deleted.body()).isEmpty();
        this.graphError(this.call(token, "DELETE", path, null, null), 404, "Request_ResourceNotFound");
        assertThat(json(this.listTaps(token, "alice@contoso.com")).get("value")).isEmpty();
        assertThat(this.graph.tapOf("alice@contoso.com")).isNull();
        assertThat(this.graph.userSignsInWithTap("alice@contoso.com", pass)).isFalse();
        assertThat(this.graph.tapsIssued("alice@contoso.com")).isEqualTo(1);

        this.graph.appMayResetAdmins(true);
        String adminTap = json(this.issueTap(token, "carol@contoso.com", "{}")).get("id").stringValue();
        this.graph.appMayResetAdmins(false);
        String adminPath = "/v1.0/users/carol@contoso.com/authentication/temporaryAccessPassMethods/" + adminTap;
        this.graphError(this.call(token, "DELETE", adminPath, null, null), 403, "accessDenied");
        assertThat(this.graph.tapOf("carol@contoso.com")).isNotNull();
        this.graph.appMayManageAuthenticationMethods(false);
        this.graphError(this.listTaps(token, "alice@contoso.com"), 403, "accessDenied");
        this.graphError(this.call(token, "DELETE", adminPath, null, null), 403, "accessDenied");
        this.graph.appMayManageAuthenticationMethods(true);
        this.graphError(this.listTaps(token, "nobody@contoso.com"), 404, "Request_ResourceNotFound");
    }

    @Test
    void tapsAreIssuedInsideABatch() throws Exception {
        List<String> users = List.of("alice@contoso.com", "bob@contoso.com", "dan@contoso.com");
        users.forEach(this.graph::user);
        String token = this.token();
        this.graph.throttle("POST", 1, 4);
        ObjectNode batch = JSON.createObjectNode();
        ArrayNode requests = batch.putArray("requests");
        for (int i = 0; i < users.size(); i++) {
            ObjectNode post = addRequest(requests, String.valueOf(i + 1), "POST",
                    "/users/" + users.get(i) + "/authentication/temporaryAccessPassMethods");
            post.putObject("headers").put("Content-Type", "application/json");
            post.putObject("body").put("isUsableOnce", true);
        }
        addRequest(requests, "4", "POST", "/users/nobody@contoso.com/authentication/temporaryAccessPassMethods");
        addRequest(requests, "5", "GET", "/users/bob@contoso.com/authentication/temporaryAccessPassMethods");

        HttpResponse<String> answered = this.call(token, "POST", "/v1.0/$batch", "application/json",
                JSON.writeValueAsString(batch));
        assertThat(answered.statusCode()).isEqualTo(200);
        JsonNode responses = json(answered).get("responses");
        assertThat(response(responses, "1").get("status").asInt()).isEqualTo(429);
        assertThat(response(responses, "1").get("headers").get("Retry-After").stringValue()).isEqualTo("4");
        assertThat(this.graph.tapOf("alice@contoso.com")).isNull();
        List<String> passes = new ArrayList<>();
        for (String n : List.of("2", "3")) {
            JsonNode created = response(responses, n);
            assertThat(created.get("status").asInt()).isEqualTo(201);
            assertThat(created.get("headers").get("Content-Type").stringValue()).startsWith("application/json");
            passes.add(created.get("body").get("temporaryAccessPass").stringValue());
            assertThat(created.get("body").get("isUsableOnce").booleanValue()).isTrue();
        }
        assertThat(passes).containsExactly(this.graph.tapOf("bob@contoso.com").pass(),
                this.graph.tapOf("dan@contoso.com").pass());
        assertThat(response(responses, "4").get("status").asInt()).isEqualTo(404);
        JsonNode listed = response(responses, "5").get("body").get("value");
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0).get("temporaryAccessPass").isNull()).isTrue();

        List<Recorded> inner = this.graph.requests().stream().filter(Recorded::batched).toList();
        assertThat(inner).extracting(Recorded::status).containsExactly(429, 201, 201, 404, 200);
        assertThat(inner.get(1).path())
            .isEqualTo("/v1.0/users/bob@contoso.com/authentication/temporaryAccessPassMethods");
        for (Recorded request : this.graph.requests()) {
            for (String pass : passes) {
                assertThat(request.path() + "?" + request.rawQuery() + " " + request.headers() + " " + request.body())
                    .doesNotContain(pass);
            }
        }
    }

    @Test
    void authenticationMethodsListThePasswordWhatTheUserRegisteredAndThePass() throws Exception {
        FakeGraph.User alice = this.graph.user("alice@contoso.com").displayName("Alice");
        String token = this.token();
        String path = "/v1.0/users/alice@contoso.com/authentication/methods";

        JsonNode before = json(this.call(token, "GET", path, null, null));
        assertThat(before.get("@odata.context").stringValue())
            .isEqualTo(this.graph.url() + "/v1.0/$metadata#users('" + alice.id() + "')/authentication/methods");
        assertThat(before.get("value")).hasSize(1);
        JsonNode password = before.get("value").get(0);
        assertThat(password.propertyNames()).containsExactly("@odata.type", "id", "password", "createdDateTime");
        assertThat(password.get("@odata.type").stringValue())
            .isEqualTo("#microsoft.graph.passwordAuthenticationMethod");
        assertThat(password.get("id").stringValue()).isEqualTo(FakeGraph.PASSWORD_METHOD_ID);
        assertThat(password.get("password").isNull()).isTrue();

        alice.registersAuthenticator();
        JsonNode registered = json(this.call(token, "GET", path, null, null)).get("value");
        assertThat(registered).hasSize(2);
        JsonNode authenticator = registered.get(1);
        assertThat(authenticator.propertyNames()).containsExactly("@odata.type", "id", "displayName", "deviceTag",
                "phoneAppVersion", "createdDateTime");
        assertThat(authenticator.get("@odata.type").stringValue())
            .isEqualTo("#microsoft.graph.microsoftAuthenticatorAuthenticationMethod");
        assertThat(authenticator.get("displayName").stringValue()).isEqualTo("Alice's iPhone");

        String pass = json(this.issueTap(token, "alice@contoso.com", "{}")).get("temporaryAccessPass").stringValue();
        alice.registersPasskey();
        HttpResponse<String> after = this.call(token, "GET", path, null, null);
        assertThat(after.body()).doesNotContain(pass);
        assertThat(json(after).get("value")).extracting((method) -> method.get("@odata.type").stringValue())
            .containsExactly("#microsoft.graph.passwordAuthenticationMethod",
                    "#microsoft.graph.microsoftAuthenticatorAuthenticationMethod",
                    "#microsoft.graph.fido2AuthenticationMethod",
                    "#microsoft.graph.temporaryAccessPassAuthenticationMethod");
        JsonNode passkey = json(after).get("value").get(2);
        assertThat(passkey.get("attestationLevel").stringValue()).isEqualTo("attested");
        assertThat(json(after).get("value").get(3).get("temporaryAccessPass").isNull()).isTrue();

        this.graphError(this.call(token, "GET", "/v1.0/users/nobody@contoso.com/authentication/methods", null, null),
                404, "Request_ResourceNotFound");
        this.graph.appMayManageAuthenticationMethods(false);
        this.graphError(this.call(token, "GET", path, null, null), 403, "accessDenied");
    }

    static ObjectNode addRequest(ArrayNode requests, String id, String method, String url) {
        ObjectNode request = requests.addObject();
        request.put("id", id);
        request.put("method", method);
        request.put("url", url);
        return request;
    }

    static JsonNode response(JsonNode responses, String id) {
        for (JsonNode response : responses) {
            if (response.get("id").stringValue().equals(id)) {
                return response;
            }
        }
        throw new AssertionError("No response " + id);
    }

    static String passwordProfile(String password) {
        return "{\"passwordProfile\":{\"forceChangePasswordNextSignIn\":true,\"password\":\"" + password + "\"}}";
    }

    static String mime(MimeMessage message) throws Exception {
        message.saveChanges();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        message.writeTo(out);
        return Base64.getEncoder().encodeToString(out.toByteArray());
    }

    static JsonNode json(HttpResponse<String> response) {
        return JSON.readTree(response.body());
    }

    static String form(String... namesAndValues) {
        List<String> pairs = new ArrayList<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            pairs.add(URLEncoder.encode(namesAndValues[i], StandardCharsets.UTF_8) + "="
                    + URLEncoder.encode(namesAndValues[i + 1], StandardCharsets.UTF_8));
        }
        return String.join("&", pairs);
    }

    HttpResponse<String> tokenRequest(String tokenUrl, String... credentials) throws Exception {
        List<String> fields = new ArrayList<>(List.of("grant_type", "client_credentials", "scope", this.graph.scope()));
        fields.addAll(List.of(credentials));
        return this.send(HttpRequest.newBuilder(URI.create(tokenUrl))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(BodyPublishers.ofString(form(fields.toArray(String[]::new)))));
    }

    String token() throws Exception {
        HttpResponse<String> issued = this.tokenRequest(this.graph.tokenUrl(), "client_id", CLIENT, "client_secret",
                SECRET);
        assertThat(issued.statusCode()).isEqualTo(200);
        return json(issued).get("access_token").stringValue();
    }

    JsonNode refused(HttpResponse<String> response, int status, String error, int code) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        JsonNode body = json(response);
        assertThat(body.get("error").stringValue()).isEqualTo(error);
        assertThat(body.get("error_codes").get(0).asInt()).isEqualTo(code);
        assertThat(body.get("error_description").stringValue()).startsWith("AADSTS" + code + ": ");
        return body;
    }

    JsonNode graphError(HttpResponse<String> response, int status, String code) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("request-id")).isPresent();
        JsonNode error = json(response).get("error");
        assertThat(error.get("code").stringValue()).isEqualTo(code);
        assertThat(error.get("message").stringValue()).isNotBlank();
        assertThat(error.get("innerError").get("date").stringValue()).isNotBlank();
        assertThat(error.get("innerError").get("request-id").stringValue()).isNotBlank();
        assertThat(error.get("innerError").get("client-request-id").stringValue()).isNotBlank();
        return error;
    }

    HttpResponse<String> issueTap(String token, String userKey, String body) throws Exception {
        return this.call(token, "POST", "/v1.0/users/" + userKey + "/authentication/temporaryAccessPassMethods",
                "application/json", body);
    }

    HttpResponse<String> listTaps(String token, String userKey) throws Exception {
        return this.call(token, "GET", "/v1.0/users/" + userKey + "/authentication/temporaryAccessPassMethods", null,
                null);
    }

    HttpResponse<String> reset(String token, String userPrincipalName, String password) throws Exception {
        return this.call(token, "PATCH", "/v1.0/users/" + userPrincipalName, "application/json",
                passwordProfile(password));
    }

    HttpRequest request(String token, String method, String pathAndQuery, String contentType, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.graph.url() + pathAndQuery))
            .method(method, (body != null) ? BodyPublishers.ofString(body) : BodyPublishers.noBody());
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return request.build();
    }

    HttpResponse<String> call(String token, String method, String pathAndQuery, String contentType, String body)
            throws Exception {
        return HTTP.send(this.request(token, method, pathAndQuery, contentType, body), BodyHandlers.ofString());
    }

    HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return HTTP.send(request.build(), BodyHandlers.ofString());
    }
}
