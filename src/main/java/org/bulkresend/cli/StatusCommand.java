package org.bulkresend.cli;

import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

import org.bulkresend.access.AuditTrail;
import org.bulkresend.notify.SenderQuotas;
import org.bulkresend.run.RunHistory;
import org.bulkresend.run.RunHistory.Execution;
import org.bulkresend.run.RunHistory.Run;

import tools.jackson.core.JsonGenerator;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "status", mixinStandardHelpOptions = true,
        description = "List the runs, newest first: input file, each attempt (execution) with its times and status, "
                + "and how many rows ended in each status.")
class StatusCommand implements Callable<Integer> {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    @Option(names = "--limit", paramLabel = "N", defaultValue = "20",
            description = "How many runs to list. Default: ${DEFAULT-VALUE}.")
    int limit;

    @Option(names = "--json", description = "Print the runs as a JSON array, for scripts: run, input, report, "
            + "executions (execution, status, started, ended, why) and rows per status.")
    boolean json;

    @Mixin
    DataOptions data;

    @Override
    public Integer call() {
        if (this.limit < 1) {
            throw new UsageException("--limit must be at least 1, was " + this.limit + ".");
        }
        return this.data.reading((session, out, err) -> {
            List<Run> runs = session.bean(RunHistory.class).latest(this.limit);
            AuditTrail auditTrail = session.bean(AuditTrail.class);
            if (this.json) {
                JsonLines.array(out, (json) -> runs.forEach((run) -> write(json, run,
                        auditTrail.messagesOfRunBySender(run.id()))));
                return ExitCodes.OK;
            }
            if (runs.isEmpty()) {
                out.println("No runs yet.");
            }
            for (Run run : runs) {
                out.println("Run " + run.id() + "  " + run.input());
                for (Execution execution : run.executions()) {
                    out.printf("  execution %-4d %-10s %s -> %s%s%n", execution.id(), execution.status(),
                            (execution.started() != null) ? WHEN.format(execution.started()) : "-",
                            (execution.ended() != null) ? WHEN.format(execution.ended()) : "(not ended)",
                            execution.why().isEmpty() ? "" : "  " + execution.why());
                }
                if (!run.counts().isEmpty()) {
                    out.println("  rows: " + run.counts().entrySet().stream()
                        .map((e) -> e.getKey().name() + " " + e.getValue())
                        .collect(Collectors.joining(", ")));
                }
                Map<String, Long> senders = auditTrail.messagesOfRunBySender(run.id());
                if (!senders.isEmpty() && !senders.keySet().equals(Set.of(""))) {
                    out.println("  messages from: " + inWords(senders));
                }
                out.println("  report: " + run.report());
            }
            Map<String, Long> today = auditTrail.messagesBySenderSince(
                    session.bean(Clock.class).instant().minus(SenderQuotas.WINDOW));
            if (!today.isEmpty() && !today.keySet().equals(Set.of(""))) {
                out.println("Sending mailboxes, messages in the last 24 hours (each mailbox's --daily-limit counts "
                        + "these): " + inWords(today));
            }
            return ExitCodes.OK;
        });
    }

    /** "it1@contoso.com 100, it2@contoso.com 98"; messages recorded before mailboxes were, as "other". */
    private static String inWords(Map<String, Long> bySender) {
        return bySender.entrySet().stream()
            .map((e) -> (e.getKey().isEmpty() ? "earlier messages (no mailbox recorded)" : e.getKey()) + " "
                    + e.getValue())
            .collect(Collectors.joining(", "));
    }

    private static void write(JsonGenerator json, Run run, Map<String, Long> senders) {
        json.writeStartObject();
        json.writeNumberProperty("run", run.id());
        json.writeStringProperty("input", String.valueOf(run.input()));
        json.writeStringProperty("report", String.valueOf(run.report()));
        json.writeName("executions");
        json.writeStartArray();
        for (Execution execution : run.executions()) {
            json.writeStartObject();
            json.writeNumberProperty("execution", execution.id());
            json.writeStringProperty("status", execution.status());
            json.writeStringProperty("started", JsonLines.time(execution.started()));
            json.writeStringProperty("ended", JsonLines.time(execution.ended()));
            json.writeStringProperty("why", execution.why().isEmpty() ? null : execution.why());
            json.writeEndObject();
        }
        json.writeEndArray();
        json.writeName("rows");
        json.writeStartObject();
        run.counts().forEach((status, count) -> json.writeNumberProperty(status.name(), count));
        json.writeEndObject();
        json.writeName("senders");
        json.writeStartObject();
        senders.forEach((sender, count) -> json.writeNumberProperty(sender, count));
        json.writeEndObject();
        json.writeEndObject();
    }
}
