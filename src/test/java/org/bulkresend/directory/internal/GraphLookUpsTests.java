package org.bulkresend.directory.internal;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.bulkresend.directory.AdminRole;
import org.bulkresend.directory.DirectoryUser;
import org.bulkresend.graph.ClientSecret;
import org.bulkresend.graph.ExtraTrust;
import org.bulkresend.graph.GraphClient;
import org.bulkresend.graph.GraphSettings;
import org.bulkresend.password.Secret;
import org.bulkresend.support.FakeGraph;
import org.bulkresend.support.TestCertificateAuthority;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Users looked up through the local Graph: one user in one round trip, many users several
 * {@code $batch} requests at once and never more than the bound, a throttled look-up sent again
 * after the wait Graph asked for.
 */
class GraphLookUpsTests {

    static final String TENANT = "contoso.onmicrosoft.com";

    static final String CLIENT = "5b0e7c2a-91d4-4f3e-8a6b-c1d2e3f4a5b6";

    FakeGraph graph;

    final List<Duration> waits = new ArrayList<>();

    @BeforeEach
    void tenant() {
        this.graph = FakeGraph.start(TENANT, CLIENT);
        this.graph.secret("the-secret");
    }

    @AfterEach
    void stop() {
        this.graph.close();
    }

    GraphLookUps lookUps(boolean batching) {
        GraphSettings settings = new GraphSettings(TENANT, CLIENT, new ClientSecret(Secret.of("the-secret")),
                URI.create(this.graph.url()), URI.create(this.graph.secureUrl()), 3, Duration.ofSeconds(60),
                Duration.ofSeconds(10), URI.create(this.graph.resource()),
                ExtraTrust.withAuthoritiesOf(TestCertificateAuthority.caFile()));
        return new GraphLookUps(new GraphClient(settings, Clock.systemUTC(), this.waits::add), batching, false);
    }

    List<FakeGraph.Recorded> graphRequests() {
        return this.graph.requests().stream().filter((r) -> r.path().startsWith("/v1.0/")).toList();
    }

    @Test
    void oneUserIsOneRoundTripWithBatchesAndTwoRequestsWithout() {
        this.graph.user("pradeep.gupta@contoso.com").roles("Helpdesk Administrator");

        Optional<DirectoryUser> batched = lookUps(true).find(" pradeep.gupta@contoso.com ");

        assertThat(batched).hasValueSatisfying((user) -> assertThat(user.roles())
            .containsExactly(AdminRole.HELPDESK_ADMINISTRATOR));
        assertThat(graphRequests()).filteredOn((r) -> !r.batched()).singleElement()
            .satisfies((r) -> assertThat(r.path()).isEqualTo("/v1.0/$batch"));
        assertThat(graphRequests()).filteredOn(FakeGraph.Recorded::batched).hasSize(2);

        Optional<DirectoryUser> plain = lookUps(false).find("pradeep.gupta@contoso.com");

        assertThat(plain).isEqualTo(batched);
        assertThat(graphRequests()).filteredOn((r) -> !r.batched()).hasSize(3);
        assertThat(lookUps(true).find("nobody@contoso.com")).isEmpty();
    }

    @Test
    void manyUsersGoSixteenBatchesAtOnceAndNeverMore() {
        List<String> names = new ArrayList<>();
        // Ten users a batch: one batch more than go at once.
        for (int i = 1; i <= 10 * (GraphLookUps.LOOK_UPS_AT_ONCE + 1); i++) {
            names.add("user" + i + "@contoso.com");
            this.graph.user("user" + i + "@contoso.com");
        }
        names.add("nobody@contoso.com");
        GraphLookUps lookUps = lookUps(true);
        lookUps.find("user1@contoso.com"); // signed in, so that the token is not among the look-ups
        // Slow enough that the batches are answered side by side on any machine.
        this.graph.latency(Duration.ofSeconds(1), Duration.ZERO);

        Map<String, DirectoryUser> found = lookUps.findAll(names);

        assertThat(found).hasSize(names.size() - 1).doesNotContainKey("nobody@contoso.com");
        assertThat(this.graph.maxConcurrentRequests()).as("16 batches at once, never more").isEqualTo(16);
        assertThat(graphRequests()).as("the first look-up, then 18 batches: 17 of ten users and nobody's")
            .filteredOn((r) -> !r.batched()).hasSize(1 + 18);
    }

    @Test
    void aThrottledLookUpIsSentAgainAfterTheWaitGraphAskedFor() {
        List<String> names = new ArrayList<>();
        for (int i = 1; i <= 60; i++) {
            names.add("user" + i + "@contoso.com");
            this.graph.user("user" + i + "@contoso.com");
        }
        this.graph.throttle("GET", 3, 7);

        Map<String, DirectoryUser> found = lookUps(true).findAll(names);

        assertThat(found).hasSize(60);
        assertThat(this.waits).isNotEmpty().allSatisfy((wait) -> assertThat(wait).isEqualTo(Duration.ofSeconds(7)));
        assertThat(graphRequests()).filteredOn((r) -> r.status() == 429).hasSize(3);
    }
}
