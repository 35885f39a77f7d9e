package org.bulkresend.graph;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import org.bulkresend.password.Secret;
import org.bulkresend.support.FakeGraph;
import org.bulkresend.support.MovableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** The app's sign-in, its token, and what the client does with Graph's passing failures, over real HTTP. */
class GraphClientTests {

    static final String TENANT = "contoso.onmicrosoft.com";

    static final String CLIENT = "5b0e7c2a-91d4-4f3e-8a6b-c1d2e3f4a5b6";

    FakeGraph graph;

    List<Duration> waits = new ArrayList<>();

    /**
     * A clock the test moves forward. It starts at the real time because the local Graph checks signed assertions
     * against its own clock, as Entra ID does.
     */
    MovableClock clock = new MovableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));

    @TempDir
    Path work;

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
        GraphSettings settings = new GraphSettings(TENANT, CLIENT, credential, URI.create(this.graph.url() + "/"),
                URI.create(this.graph.url()), retries, maxWait, Duration.ofSeconds(10),
                URI.create(this.graph.resource()));
        return new GraphClient(settings, this.clock, this.waits::add);
    }

    GraphClient client() {
        return client(new ClientSecret(Secret.of("the-secret")), 3, Duration.ofSeconds(60));
    }

    @Test
    void aCertificateSignsTheAppInWithASignedAssertionAndNoSecret() throws Exception {
        FakeGraph.Credentials credentials = FakeGraph.newCertificate();
        this.graph.certificate(credentials.certificate());
        Path pem = credentials.writePem(this.work.resolve("app.pem"));
        GraphCredential certificate = ClientCertificate.read(CLIENT, pem, null, this.clock);

        GraphResponse answer = client(certificate, 3, Duration.ofSeconds(60)).get("/users/alex.wilber%40contoso.com");

        assertThat(answer.status()).isEqualTo(200);
        FakeGraph.Recorded token = this.graph.requests().get(0);
        assertThat(token.body()).contains("client_assertion_type=urn%3Aietf%3Aparams%3Aoauth%3Aclient-assertion-type"
                + "%3Ajwt-bearer", "client_assertion=").doesNotContain("client_secret");
        assertThat(certificate.describe()).contains("CN=bulk-resend test", "thumbprint");
        assertThat(certificate.toString()).doesNotContain("PRIVATE");
    }

    @Test
    void aCertificateTheAppDoesNotKnowIsRefusedWithEntrasCode() throws Exception {
        this.graph.certificate(FakeGraph.newCertificate().certificate());
        Path other = FakeGraph.newCertificate().writePem(this.work.resolve("other.pem"));
        GraphClient client = client(ClientCertificate.read(CLIENT, other, null, this.clock), 3, Duration.ofSeconds(60));

        assertThatExceptionOfType(GraphSignInException.class).isThrownBy(client::signIn)
            .withMessageContaining("AADSTS700027")
            .withMessageContaining("upload the certificate to the app registration");
    }

    @Test
    void aPemWithoutAKeyIsNamed() throws Exception {
        Path pem = this.work.resolve("cert-only.pem");
        java.nio.file.Files.writeString(pem, FakeGraph.newCertificate().pem().replaceAll(
                "(?s)-----BEGIN PRIVATE KEY-----.*-----END PRIVATE KEY-----", ""));

        assertThatExceptionOfType(IllegalArgumentException.class)
            .isThrownBy(() -> ClientCertificate.read(CLIENT, pem, null, this.clock))
            .withMessageContaining("must hold both a '-----BEGIN PRIVATE KEY-----' block");
    }

    @Test
    void theTokenIsKeptUntilFiveMinutesBeforeItExpires() {
        GraphClient client = client();
        client.get("/users/alex.wilber%40contoso.com");
        this.clock.advance(Duration.ofSeconds(3599 - 301));
        client.get("/users/alex.wilber%40contoso.com");
        assertThat(this.graph.tokensIssued()).isEqualTo(1);

        this.clock.advance(Duration.ofSeconds(2));
        client.get("/users/alex.wilber%40contoso.com");

        assertThat(this.graph.tokensIssued()).isEqualTo(2);
        assertThat(this.graph.requests()).noneMatch((r) -> r.status() == 401);
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
