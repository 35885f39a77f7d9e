package org.bulkresend.cli;

import java.time.OffsetDateTime;

import org.bulkresend.support.BulkResendFixture;
import org.bulkresend.support.Cli;
import org.bulkresend.support.Contoso;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code status --json} and {@code audit --json}: what a script reads instead of the columns a
 * person reads. One JSON array, times with their offset, null where there is no value, and the
 * same facts the console shows.
 */
class JsonOutputTests {

    @RegisterExtension
    static BulkResendFixture fixture = BulkResendFixture.withContoso();

    static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void statusAndAuditAsJsonSayWhatTheConsoleSays() {
        Cli.Result run = fixture.run(Contoso.NEW_HIRES);
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);

        Cli.Result status = fixture.cli().run("status", "--json");

        assertThat(status.exitCode()).as(status.toString()).isZero();
        JsonNode runs = JSON.readTree(status.out());
        assertThat(runs.isArray()).isTrue();
        assertThat(runs.size()).isEqualTo(1);
        JsonNode first = runs.get(0);
        assertThat(first.get("run").asLong()).isEqualTo(1);
        assertThat(first.get("input").asString()).endsWith("new-hires.csv");
        assertThat(first.get("report").asString()).endsWith("-report.csv");
        JsonNode execution = first.get("executions").get(0);
        assertThat(execution.get("status").asString()).isEqualTo("COMPLETED");
        assertThat(OffsetDateTime.parse(execution.get("started").asString()))
            .isBeforeOrEqualTo(OffsetDateTime.parse(execution.get("ended").asString()));
        assertThat(execution.get("why").isNull()).isTrue();
        assertThat(first.get("rows").get("NOTIFIED").asLong()).isEqualTo(Contoso.TOLD.size());

        Cli.Result audit = fixture.cli().run("audit", "--json");

        assertThat(audit.exitCode()).as(audit.toString()).isZero();
        JsonNode events = JSON.readTree(audit.out());
        assertThat(events.size()).isGreaterThan(Contoso.TOLD.size());
        JsonNode signIn = events.get(0);
        assertThat(signIn.get("action").asString()).isEqualTo("SIGN_IN");
        assertThat(signIn.get("operator").asString()).isEqualTo(Cli.OPERATOR);
        assertThat(signIn.get("target").isNull()).isTrue();
        assertThat(signIn.get("run").isNull()).as("a sign-in belongs to no run").isTrue();
        long resets = 0;
        for (JsonNode event : events) {
            if (event.get("action").asString().equals("RESET")) {
                resets++;
                assertThat(event.get("run").asLong()).isEqualTo(1);
                assertThat(event.get("target").asString()).contains("@");
            }
        }
        assertThat(resets).isEqualTo(Contoso.TOLD.size());
    }

    @Test
    void theJsonAndTheCsvExportAreOneOrTheOther() {
        Cli.Result both = fixture.cli().run("audit", "--json", "--csv", fixture.work().resolve("audit.csv").toString());

        assertThat(both.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(both.err()).contains("Give --csv FILE or --json, not both.");
    }
}
