package org.bulkresend.directory.internal;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.bulkresend.graph.GraphClient;
import org.bulkresend.support.BulkResendFixture;
import org.bulkresend.support.Cli;
import org.bulkresend.support.FakeGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The round trips of a run through Microsoft Graph, each about 200 ms against the real service:
 * the operator is looked up alone once, at sign-in, and after that with the users the run looks up
 * anyway; each look-up of users is one {@code $batch} however many requests it holds.
 */
class GraphRunRoundTripsTests {

    @RegisterExtension
    static BulkResendFixture fixture = GraphRunTests.contoso();

    static final String OPERATOR_PATH = "/users/" + GraphClient.segment(GraphRunTests.OPERATOR);

    @Test
    void theOperatorIsLookedUpAloneOnlyAtSignInAndThenWithTheUsers() throws Exception {
        GraphRunTests.operatorIn(fixture.graph());
        List<String> rows = new ArrayList<>(List.of("userPrincipalName"));
        for (int i = 1; i <= 4; i++) {
            fixture.graph().user("user" + i + "@contoso.com").otherMails("user" + i + "@home.example");
            rows.add("user" + i + "@contoso.com");
        }
        Path input = Files.write(fixture.work().resolve("new-hires.csv"), rows, StandardCharsets.UTF_8);

        Cli.Result result = fixture.run(input, "--chunk-size", "2");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        List<FakeGraph.Recorded> batches = fixture.graph().requests().stream()
            .filter((r) -> !r.batched() && r.path().equals("/v1.0/$batch")).toList();
        List<FakeGraph.Recorded> withTheOperator = batches.stream().filter((r) -> r.body().contains(OPERATOR_PATH))
            .toList();
        assertThat(withTheOperator).as("at sign-in, in the preflight and in the resend step").hasSize(3);
        assertThat(withTheOperator.get(0).body()).as("the sign-in").doesNotContain("user1");
        assertThat(withTheOperator.subList(1, 3)).as("the preflight's and the first chunk's look-ups")
            .allSatisfy((r) -> assertThat(r.body()).contains("/users/user1%40contoso.com"));
        assertThat(fixture.graph().requests()).as("no look-up of one user outside a $batch")
            .noneMatch((r) -> !r.batched() && r.method().equals("GET") && r.path().startsWith("/v1.0/users/"));
        assertThat(fixture.received()).hasSize(4);
    }
}
