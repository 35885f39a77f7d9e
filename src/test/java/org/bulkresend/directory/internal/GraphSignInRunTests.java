package org.bulkresend.directory.internal;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.bulkresend.support.BulkResendFixture;
import org.bulkresend.support.Cli;
import org.bulkresend.support.FakeGraph;
import org.bulkresend.support.Mails;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How the whole command signs the app in, as an admin sets it up: a certificate instead of the
 * secret, a sign-in endpoint that must be {@code https}, and an endpoint whose certificate comes
 * from an authority only {@code --graph-ca-file} names (a proxy that inspects TLS).
 */
class GraphSignInRunTests {

    static final String USER = "alex.wilber@contoso.com";

    @RegisterExtension
    static BulkResendFixture fixture = GraphRunTests.contoso();

    Path input;

    @BeforeEach
    void tenant() throws Exception {
        GraphRunTests.operatorIn(fixture.graph());
        fixture.graph().user(USER).displayName("Alex Wilber").preferredLanguage("en-US")
            .otherMails("alex.w@gmail.example");
        this.input = Files.write(fixture.work().resolve("new-hires.csv"),
                List.of("userPrincipalName", USER), StandardCharsets.UTF_8);
    }

    /** {@code run} with the fixture's Graph options, but {@code option}'s value replaced ({@code null}: left out). */
    Cli.Result runWith(String option, String value, String... extra) {
        List<String> args = new ArrayList<>(List.of("run", "--input", this.input.toString()));
        List<String> graph = fixture.graphOptions();
        for (int i = 0; i < graph.size(); i += 2) {
            if (!graph.get(i).equals(option)) {
                args.addAll(graph.subList(i, i + 2));
            }
        }
        if (value != null) {
            args.addAll(List.of(option, value));
        }
        args.addAll(fixture.smtpOptions());
        args.addAll(List.of("--operator", GraphRunTests.OPERATOR));
        args.addAll(List.of(extra));
        return fixture.cli().run(args.toArray(String[]::new));
    }

    @Test
    void aCertificateSignsTheAppInAndNoSecretIsSent() throws Exception {
        FakeGraph.Credentials credentials = FakeGraph.newCertificate();
        fixture.graph().removeSecrets().certificate(credentials.certificate());
        Path pem = credentials.writePem(fixture.work().resolve("app.pem"));

        Cli.Result result = runWith("--client-secret-file", null, "--certificate", pem.toString());

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(fixture.graph().requests()).filteredOn((r) -> r.path().endsWith("/oauth2/v2.0/token"))
            .singleElement().satisfies((token) -> assertThat(token.body()).contains("client_assertion=")
                .doesNotContain("client_secret"));
        assertThat(fixture.received()).singleElement().satisfies((message) -> assertThat(Mails.password(message))
            .isEqualTo(fixture.graph().passwordOf(USER)));
    }

    @Test
    void aSignInEndpointThatIsNotHttpsIsRefusedBeforeAnythingChanges() {
        Cli.Result result = runWith("--login-url", fixture.graph().url());

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("--login-url must be the https:// address of the sign-in endpoint",
                "was '" + fixture.graph().url() + "'", "Nothing was changed.").doesNotContain("\tat ");
        assertThat(fixture.graph().requests()).isEmpty();
    }

    @Test
    void anEndpointWhoseAuthorityJavaDoesNotKnowStopsTheRunNamingGraphCaFile() {
        Cli.Result result = runWith("--graph-ca-file", null);

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("does not trust the certificate of " + fixture.graph().secureUrl(),
                "--graph-ca-file").doesNotContain("\tat ");
        assertThat(fixture.graph().tokensIssued()).isZero();
        assertThat(fixture.graph().requests()).noneMatch((r) -> r.method().equals("PATCH"));
        assertThat(fixture.received()).isEmpty();
    }

    @Test
    void graphBehindAProxyWithItsOwnAuthorityIsReachedOverHttpsWithGraphCaFile() {
        Cli.Result result = runWith("--graph-url", fixture.graph().secureUrl());

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(fixture.graph().resetCount(USER)).isEqualTo(1);
        assertThat(fixture.received()).hasSize(1);
    }

    @Test
    void aCaFileThatHoldsNoCertificateIsNamed() throws Exception {
        Path notPem = Files.writeString(fixture.work().resolve("proxy-ca.pem"), "-----BEGIN PRIVATE KEY-----\n");

        Cli.Result result = runWith("--graph-ca-file", notPem.toString());

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("--graph-ca-file: the CA file " + notPem, "Nothing was changed.")
            .doesNotContain("\tat ");
        assertThat(fixture.graph().requests()).isEmpty();
    }
}
