package org.bulkresend.cli;

import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.bulkresend.support.EmbeddedDatabase;
import org.bulkresend.support.Jar;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Errors the JVM itself raises, in the packaged jar's own process with a small heap: the exit code
 * must say "failed" (3), never 0 or 1, which the systemd unit in docs/operations.md counts as success.
 */
class FatalErrorsIT {

    @TempDir
    Path work;

    Map<String, String> env(String maxHeap) {
        Map<String, String> env = new HashMap<>(Map.of("BULK_RESEND_DATA_DIR", this.work.resolve("data").toString(),
                "BULK_RESEND_OUT_DIR", this.work.resolve("out").toString(), "BULK_RESEND_PASSWORDS_HASH_COST", "4",
                "BULK_RESEND_OPERATOR_PASSWORD", "Operator-Pass-2026!"));
        if (maxHeap != null) {
            env.put("JAVA_TOOL_OPTIONS", "-Xmx" + maxHeap);
        }
        return env;
    }

    static void assertNoStackTrace(Jar.Exit exit) {
        assertThat(exit.output()).as(exit.output())
            .doesNotContainPattern("(?m)^\\s+at ")
            .doesNotContain("Exception in");
    }

    @Test
    void anOutOfMemoryErrorExitsThreeAndEndsOnOneLine() throws Exception {
        // 8 MB is not enough for the application to start, wherever it runs out.
        Jar.Exit exit = new Jar(this.work, env("8m")).run("directory", "import", "users.csv");

        assertThat(exit.code()).as(exit.output()).isEqualTo(3);
        // Where the heap runs out decides what else is printed: inside the logging system's start-up, Spring Boot
        // prints its own trace first, and the line is the one of a start that failed ("could not start: Java heap
        // space") or of a fatal error. Whatever else there is, the command says it in its one line, with exit code 3.
        assertThat(exit.output().lines()).as(exit.output())
            .anyMatch((line) -> line.startsWith("bulk-resend: fatal error (java.lang.OutOfMemoryError: Java heap space)")
                    || line.startsWith("bulk-resend: bulk-resend could not start: Java heap space"));
    }

    @Test
    void aFiftyMegabyteFieldInANinetySixMegabyteHeapIsARejectedRowNotAnOutOfMemoryError() throws Exception {
        Path directory = Files.writeString(this.work.resolve("directory.csv"), """
                userPrincipalName,displayName,alternateEmail,adminRoles,password
                helpdesk.lead@contoso.example,Helpdesk Lead,lead@example.net,Helpdesk Administrator,Operator-Pass-2026!
                grady.archie@contoso.example,Grady Archie,grady.archie@example.net,,
                joni.sherman@contoso.example,Joni Sherman,joni.sherman@example.net,,
                lee.gu@contoso.example,Lee Gu,lee.gu@example.net,,
                """);
        Path input = this.work.resolve("new-hires.csv");
        try (BufferedWriter out = Files.newBufferedWriter(input, StandardCharsets.UTF_8)) {
            out.write("userPrincipalName,displayName\ngrady.archie@contoso.example,Grady Archie\n");
            out.write("joni.sherman@contoso.example,\"");
            String block = "pasted document ".repeat(64);
            for (long written = 0; written < 50L * 1024 * 1024; written += block.length()) {
                out.write(block);
            }
            out.write("\"\nlee.gu@contoso.example,Lee Gu\n");
        }
        Jar.Exit imported = new Jar(this.work, env(null)).run("directory", "import", directory.toString());
        assertThat(imported.code()).as(imported.output()).isZero();

        Jar.Exit run = new Jar(this.work, env("96m")).run("run", "--input", input.toString(), "--operator",
                "helpdesk.lead@contoso.example");

        assertThat(run.code()).as(run.output()).isEqualTo(1);
        assertThat(run.output()).contains("NOTIFIED                             2",
                "REJECTED_INVALID_ROW                 1");
        assertNoStackTrace(run);
        assertThat(new EmbeddedDatabase(this.work.resolve("data")).ledger()).filteredOn("LINE_NUMBER", 3L)
            .singleElement()
            .satisfies((row) -> assertThat(row.get("REASON"))
                .isEqualTo("field 'displayName' is longer than 1024 characters"));
    }
}
