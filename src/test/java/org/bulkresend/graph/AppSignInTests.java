package org.bulkresend.graph;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import org.bulkresend.password.Secret;
import org.bulkresend.support.FakeGraph;
import org.bulkresend.support.TestCertificateAuthority;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The app's sign-in through Microsoft's own library (MSAL4J), against the local identity
 * platform over {@code https}: a client secret, a certificate from a PEM or a .pfx file, the
 * library's token cache, Entra's refusals explained, outages retried within the bounds, and the
 * trust in {@code --graph-ca-file}'s authority.
 */
class AppSignInTests {

    static final String TENANT = GraphClientTests.TENANT;

    static final String CLIENT = GraphClientTests.CLIENT;

    static final String USER = "/users/alex.wilber%40contoso.com";

    static final JsonMapper JSON = JsonMapper.builder().build();

    FakeGraph graph;

    List<Duration> waits = new ArrayList<>();

    @TempDir
    Path work;

    @BeforeEach
    void tenant() {
        this.graph = FakeGraph.start(TENANT, CLIENT);
        this.graph.secret("the-secret");
        this.graph.user("alex.wilber@contoso.com");
    }

    @AfterEach
    void stop() {
        this.graph.close();
    }

    GraphClient client(GraphCredential credential) {
        return new GraphClient(GraphClientTests.settings(this.graph, credential, 3, Duration.ofSeconds(60)),
                java.time.Clock.systemUTC(), this.waits::add);
    }

    GraphClient client() {
        return client(new ClientSecret(Secret.of("the-secret")));
    }

    List<FakeGraph.Recorded> tokenRequests() {
        return this.graph.requests().stream().filter((r) -> r.path().endsWith("/oauth2/v2.0/token")).toList();
    }

    @Test
    void aClientSecretSignsTheAppInForGraphsOwnResource() {
        GraphResponse answer = client().get(USER);

        assertThat(answer.status()).isEqualTo(200);
        assertThat(tokenRequests()).singleElement().satisfies((token) -> {
            assertThat(token.path()).isEqualTo("/" + TENANT + "/oauth2/v2.0/token");
            assertThat(form(token.body())).contains("grant_type=client_credentials", "client_id=" + CLIENT,
                    "scope=" + this.graph.scope(), "client_secret=the-secret");
        });
    }

    @Test
    void aCertificateFromAPemFileSignsTheAppInWithAnAssertionTheKeySigned() throws Exception {
        FakeGraph.Credentials credentials = FakeGraph.newCertificate();
        this.graph.removeSecrets().certificate(credentials.certificate());
        GraphCredential certificate = ClientCertificate.read(credentials.writePem(this.work.resolve("app.pem")), null);

        GraphResponse answer = client(certificate).get(USER);

        assertThat(answer.status()).isEqualTo(200);
        String body = form(tokenRequests().get(0).body());
        assertThat(body).contains("client_assertion_type=" + FakeGraph.JWT_BEARER, "client_assertion=")
            .doesNotContain("client_secret");
        String assertion = body.replaceAll("(?s).*client_assertion=([^&]*).*", "$1");
        JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(assertion.split("\\.")[1]));
        assertThat(claims.path("aud").asString()).as("the tenant's token endpoint").isEqualTo(this.graph.tokenUrl());
        assertThat(claims.path("iss").asString()).isEqualTo(CLIENT);
        assertThat(claims.path("exp").asLong()).isGreaterThan(Instant.now().getEpochSecond());
        assertThat(certificate.describe()).contains("CN=bulk-resend test", "thumbprint");
        assertThat(certificate.toString()).doesNotContain("PRIVATE");
    }

    @Test
    void aCertificateFromAPfxFileSignsTheAppIn() throws Exception {
        FakeGraph.Credentials credentials = FakeGraph.newCertificate();
        this.graph.removeSecrets().certificate(credentials.certificate());
        Path pfx = TestCertificateAuthority.writePkcs12(credentials, this.work.resolve("app.pfx"), "pfx pass");

        GraphResponse answer = client(ClientCertificate.read(pfx, Secret.of("pfx pass"))).get(USER);

        assertThat(answer.status()).isEqualTo(200);
        assertThatExceptionOfType(IllegalArgumentException.class)
            .isThrownBy(() -> ClientCertificate.read(pfx, Secret.of("not the password")))
            .withMessageContaining("the certificate file " + pfx);
    }

    @Test
    void aCertificateTheAppDoesNotKnowIsRefusedWithEntrasCodeAndWhatToDo() throws Exception {
        this.graph.certificate(FakeGraph.newCertificate().certificate());
        Path other = FakeGraph.newCertificate().writePem(this.work.resolve("other.pem"));
        GraphClient client = client(ClientCertificate.read(other, null));

        assertThatExceptionOfType(GraphSignInException.class).isThrownBy(client::signIn)
            .withMessageContaining("AADSTS700027")
            .withMessageContaining("with the certificate CN=bulk-resend test (thumbprint ")
            .withMessageContaining("upload the certificate to the app registration");
        assertThat(this.waits).as("a refusal is not retried").isEmpty();
    }

    @Test
    void aWrongSecretAnUnknownAppAndAnUnknownTenantAreEachNamed() {
        assertThatExceptionOfType(GraphSignInException.class)
            .isThrownBy(() -> client(new ClientSecret(Secret.of("the-secret-id-not-its-value"))).signIn())
            .withMessageContaining("HTTP 401, invalid_client: AADSTS7000215")
            .withMessageContaining("give the secret's Value (not its Secret ID)")
            .withMessageNotContaining("the-secret-id-not-its-value");
        GraphSettings settings = GraphClientTests.settings(this.graph, new ClientSecret(Secret.of("the-secret")), 3,
                Duration.ofSeconds(60));
        GraphSettings otherTenant = new GraphSettings("fabrikam.onmicrosoft.com", CLIENT, settings.credential(),
                settings.graphUrl(), settings.loginUrl(), 3, settings.maxWait(), settings.timeout(),
                settings.resource(), settings.tls());
        assertThatExceptionOfType(GraphSignInException.class)
            .isThrownBy(() -> new GraphClient(otherTenant, java.time.Clock.systemUTC(), this.waits::add).signIn())
            .withMessageContaining("AADSTS90002")
            .withMessageContaining("check --tenant-id");
        GraphSettings otherApp = new GraphSettings(TENANT, "11111111-2222-3333-4444-555555555555",
                settings.credential(), settings.graphUrl(), settings.loginUrl(), 3, settings.maxWait(),
                settings.timeout(), settings.resource(), settings.tls());
        assertThatExceptionOfType(GraphSignInException.class)
            .isThrownBy(() -> new GraphClient(otherApp, java.time.Clock.systemUTC(), this.waits::add).signIn())
            .withMessageContaining("AADSTS700016")
            .withMessageContaining("check --client-id");
    }

    @Test
    void theLibrarysCacheKeepsTheTokenWhileItLastsMoreThanFiveMinutes() {
        GraphClient client = client();
        for (int i = 0; i < 5; i++) {
            client.get(USER);
        }

        assertThat(this.graph.tokensIssued()).isEqualTo(1);
    }

    @Test
    void aTokenWithFiveMinutesOrLessLeftIsNotUsedButRenewed() {
        this.graph.tokenLifetime(Duration.ofSeconds(299));
        GraphClient client = client();

        client.get(USER);
        client.get(USER);

        assertThat(this.graph.tokensIssued()).isEqualTo(2);
        assertThat(this.graph.requests()).noneMatch((r) -> r.status() == 401);
    }

    @Test
    void anOutageOfTheSignInIsWaitedOutAsItsRetryAfterSays() {
        this.graph.signInUnavailable(2, 4);

        GraphResponse answer = client().get(USER);

        assertThat(answer.status()).isEqualTo(200);
        assertThat(this.waits).containsExactly(Duration.ofSeconds(4), Duration.ofSeconds(4));
        assertThat(tokenRequests()).hasSize(3);
    }

    @Test
    void aSignInThatStaysDownEndsWithinTheRetries() {
        this.graph.signInUnavailable(10, 1);

        assertThatExceptionOfType(GraphUnavailableException.class).isThrownBy(client()::signIn)
            .withMessageContaining("HTTP 503 to the token request after 3 retries");
    }

    @Test
    void anAuthorityTheCaFileDoesNotVouchForIsRefusedAtOnceNamingTheOption() {
        GraphSettings trusted = GraphClientTests.settings(this.graph, new ClientSecret(Secret.of("the-secret")), 3,
                Duration.ofSeconds(60));
        GraphSettings javasOwnTrust = new GraphSettings(TENANT, CLIENT, trusted.credential(), trusted.graphUrl(),
                trusted.loginUrl(), 3, trusted.maxWait(), trusted.timeout(), trusted.resource(), null);

        assertThatExceptionOfType(GraphSignInException.class)
            .isThrownBy(() -> new GraphClient(javasOwnTrust, java.time.Clock.systemUTC(), this.waits::add).signIn())
            .withMessageContaining("does not trust the certificate of " + this.graph.secureUrl())
            .withMessageContaining("--graph-ca-file");
        assertThat(this.waits).isEmpty();
        assertThat(this.graph.tokensIssued()).isZero();
    }

    @Test
    void graphItselfIsReachedOverHttpsWithTheCaFilesAuthority() {
        GraphSettings plain = GraphClientTests.settings(this.graph, new ClientSecret(Secret.of("the-secret")), 3,
                Duration.ofSeconds(60));
        GraphSettings secure = new GraphSettings(TENANT, CLIENT, plain.credential(), URI.create(this.graph.secureUrl()),
                plain.loginUrl(), 3, plain.maxWait(), plain.timeout(), plain.resource(), plain.tls());

        GraphResponse answer = new GraphClient(secure, java.time.Clock.systemUTC(), this.waits::add).get(USER);

        assertThat(answer.status()).isEqualTo(200);
    }

    @Test
    void aCaFileWithoutCertificatesIsNamed() throws Exception {
        Path notPem = Files.writeString(this.work.resolve("proxy-ca.pem"), "not a certificate\n");

        assertThatExceptionOfType(IllegalArgumentException.class)
            .isThrownBy(() -> ExtraTrust.withAuthoritiesOf(notPem))
            .withMessageContaining("the CA file " + notPem);
        assertThatExceptionOfType(IllegalArgumentException.class)
            .isThrownBy(() -> ExtraTrust.withAuthoritiesOf(this.work.resolve("missing.pem")))
            .withMessageContaining("cannot be read");
    }

    @Test
    void aPemWithoutAKeyIsNamed() throws Exception {
        Path pem = this.work.resolve("cert-only.pem");
        Files.writeString(pem, FakeGraph.newCertificate().pem().replaceAll(
                "(?s)-----BEGIN PRIVATE KEY-----.*-----END PRIVATE KEY-----", ""));

        assertThatExceptionOfType(IllegalArgumentException.class)
            .isThrownBy(() -> ClientCertificate.read(pem, null))
            .withMessageContaining("must hold both a '-----BEGIN PRIVATE KEY-----' block");
    }

    private static String form(String body) {
        return URLDecoder.decode(body, StandardCharsets.UTF_8);
    }
}
