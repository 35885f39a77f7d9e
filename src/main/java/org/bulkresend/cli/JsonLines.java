package org.bulkresend.cli;

import java.io.PrintWriter;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.function.Consumer;

import tools.jackson.core.JsonGenerator;
import tools.jackson.core.StreamWriteFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The {@code --json} output of {@code status} and {@code audit}, for scripts: one JSON array on
 * standard output, written as it is read (an audit trail of a million events never sits in
 * memory), times as ISO-8601 with their offset, and null where there is no value.
 */
final class JsonLines {

    private static final JsonMapper JSON = JsonMapper.builder().disable(StreamWriteFeature.AUTO_CLOSE_TARGET).build();

    private JsonLines() {
    }

    /** Writes an array whose elements {@code elements} writes, each with the generator it is given. */
    static void array(PrintWriter out, Consumer<JsonGenerator> elements) {
        JsonGenerator json = JSON.createGenerator(out);
        json.writeStartArray();
        elements.accept(json);
        json.writeEndArray();
        json.close();
        out.println();
        out.flush();
    }

    /** A time of the job repository (the machine's local time) with its offset, or null. */
    static String time(LocalDateTime time) {
        return (time != null) ? time.atZone(ZoneId.systemDefault()).toOffsetDateTime().toString() : null;
    }
}
