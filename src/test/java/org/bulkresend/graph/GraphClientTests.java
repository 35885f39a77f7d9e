package org.bulkresend.graph;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import org.bulkresend.password.Secret;
import org.bulkresend.support.FakeGraph;
import org.bulkresend.support.MovableClock;
import org.bulkresend.support.TestCertificateAuthority;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** What the client does with Graph's passing failures and a refused token, over real HTTP. */
class GraphClientTests {

    static final String TENANT = "contoso.onmicrosoft.com";

    static final String CLIENT = "5b0e7c2a-91d4-4f3e-8a6b-c1d2e3f4a5b6";

    FakeGraph graph;

    List<Duration> waits = new ArrayList<>();

    /** Only for {@code Retry-After} given as a date; Graph's tokens follow the real clock, as Entra ID's do. */
    MovableClock clock = new MovableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));

    @BeforeEach
    void tenant() {
        this.graph = FakeGraph.start(TENANT, CLIENT);
        this.graph.secret("the-secret");
        this.graph.user("alex.wilber@contoso.com").otherMails("alex@home.example");
    }

    @AfterEach
    void stop() {
        this.graph.close();
    }

    GraphClient client(GraphCredential credential, int retries, Duration maxWait) {
        return new GraphClient(settings(this.graph, credential, retries, maxWait), this.clock, this.waits::add);
    }

    /** Graph at its plain address, the sign-in at its {@code https} one, trusting the tests' own authority. */
    static GraphSettings settings(FakeGraph graph, GraphCredential credential, int retries, Duration maxWait) {
        return new GraphSettings(TENANT, CLIENT, credential, URI.create(graph.url() + "/"),
                URI.create(graph.secureUrl()), retries, maxWait, Duration.ofSeconds(10), URI.create(graph.resource()),
                ExtraTrust.withAuthoritiesOf(TestCertificateAuthority.caFile()));
    }

    GraphClient client() {
        return client(new ClientSecret(Secret.of("the-secret")), 3, Duration.ofSeconds(60));
    }

    @Test
    void aTokenGraphNoLongerTakesIsRenewedOnceAndTheRequestSentAgain() {
        GraphClient client = client();
        client.get("/users/alex.wilber%40contoso.com");
        this.graph.expireAllTokens();

        GraphResponse answer = client.get("/users/alex.wilber%40contoso.com");

        assertThat(answer.status()).isEqualTo(200);
        assertThat(this.graph.tokensIssued()).isEqualTo(2);
        assertThat(this.waits).as("no pause for a renewed token").isEmpty();
    }

    @Test
    void throttlingAndOutagesWaitWhatRetryAfterSays() {
        this.graph.throttle(2, 7).unavailable(1, 3);

        GraphResponse answer = client().get("/users/alex.wilber%40contoso.com");

        assertThat(answer.status()).isEqualTo(200);
        assertThat(this.waits).containsExactly(Duration.ofSeconds(7), Duration.ofSeconds(7), Duration.ofSeconds(3));
    }

    @Test
    void retriesAreBoundedAndThenGraphIsUnavailable() {
        this.graph.throttle(100, 1);

        assertThatExceptionOfType(GraphUnavailableException.class)
            .isThrownBy(() -> client().get("/users/alex.wilber%40contoso.com"))
            .withMessageContaining("429")
            .withMessageContaining("after 3 retries");
        assertThat(this.waits).hasSize(3);
    }

    @Test
    void aWaitLongerThanTheBoundIsNotWaited() {
        this.graph.throttle(1, 3600);

        assertThatExceptionOfType(GraphUnavailableException.class)
            .isThrownBy(() -> client().get("/users/alex.wilber%40contoso.com"))
            .withMessageContaining("asked to wait 3600 s, longer than the 60 s");
        assertThat(this.waits).isEmpty();
    }

    @Test
    void aDroppedConnectionIsSentAgainAfterAPause() {
        this.graph.dropConnections("PATCH", 2);
        tools.jackson.databind.node.ObjectNode body = tools.jackson.databind.json.JsonMapper.builder().build()
            .createObjectNode();
        body.putObject("passwordProfile").put("forceChangePasswordNextSignIn", true).put("password", "Qw3rty!Passw0rd");

        GraphResponse answer = client().sendJson("PATCH", "/users/alex.wilber%40contoso.com", body);

        assertThat(answer.status()).isEqualTo(204);
        assertThat(this.waits).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2));
        assertThat(this.graph.resetCount("alex.wilber@contoso.com")).isEqualTo(1);
    }

    @Test
    void onlyTheThrottledRequestsOfABatchAreSentAgain() {
        this.graph.user("lee.gu@contoso.com");
        this.graph.throttle(1, 2);

        List<GraphResponse> answers = client().batch(List.of(GraphClient.BatchRequest.get("/users/alex.wilber%40contoso.com"),
                GraphClient.BatchRequest.get("/users/lee.gu%40contoso.com"),
                GraphClient.BatchRequest.get("/users/nobody%40contoso.com")));

        assertThat(answers).extracting(GraphResponse::status).containsExactly(200, 200, 404);
        assertThat(answers.get(2).error()).startsWith("Request_ResourceNotFound");
        assertThat(this.waits).containsExactly(Duration.ofSeconds(2));
        assertThat(this.graph.requests().stream().filter((r) -> r.path().endsWith("$batch"))).hasSize(2);
        assertThat(this.graph.requests().stream().filter((r) -> r.batched())).hasSize(4);
    }

    @Test
    void guestPrincipalNamesAreEncoded() {
        this.graph.user("ada_fabrikam.com#EXT#@contoso.onmicrosoft.com");

        GraphResponse answer = client().get("/users/" + GraphClient.segment("ada_fabrikam.com#EXT#@contoso.onmicrosoft.com"));

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body().path("userPrincipalName").asString())
            .isEqualTo("ada_fabrikam.com#EXT#@contoso.onmicrosoft.com");
    }

}
