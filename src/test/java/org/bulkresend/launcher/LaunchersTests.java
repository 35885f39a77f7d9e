package org.bulkresend.launcher;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * run.sh and run.cmd do the same: check for Java 17, build the jar with the Maven wrapper when it
 * is missing or older than the sources, then run it with the admin's arguments, or the demo
 * without any. cmd.exe cannot run here, so run.cmd is checked as a text cmd.exe would read:
 * its line endings, every jump to a label that exists, no block a parenthesis inside a command
 * would cut short, and the same build and run as run.sh.
 */
class LaunchersTests {

    static final Path SH = Path.of("run.sh");

    static final Path CMD = Path.of("run.cmd");

    @Test
    void runCmdHasTheLineEndingsCmdNeedsAndGitKeepsThem() throws Exception {
        byte[] bytes = Files.readAllBytes(CMD);
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '\n') {
                assertThat(i > 0 && bytes[i - 1] == '\r').as("line ending at byte %d is CRLF", i).isTrue();
            }
        }
        assertThat(Files.readString(Path.of(".gitattributes"))).contains("*.cmd text eol=crlf");
    }

    @Test
    void everyJumpOfRunCmdLeadsToALabelAndNoBlockHidesOne() throws Exception {
        List<String> lines = Files.readAllLines(CMD, StandardCharsets.UTF_8);
        List<String> labels = new ArrayList<>();
        List<String> jumps = new ArrayList<>();
        Pattern jump = Pattern.compile("(?i)\\bgoto\\s+:?(\\w+)");
        for (String line : lines) {
            String text = line.strip();
            if (text.startsWith(":") && !text.startsWith("::")) {
                labels.add(text.substring(1).toLowerCase());
            }
            if (!text.regionMatches(true, 0, "rem", 0, 3)) {
                Matcher matcher = jump.matcher(text);
                while (matcher.find()) {
                    jumps.add(matcher.group(1).toLowerCase());
                }
            }
            assertThat(text).as("a parenthesised block, where a ')' in a command ends it early: use goto")
                .doesNotEndWith("(");
        }
        assertThat(jumps).isNotEmpty();
        assertThat(labels).containsAll(jumps);
    }

    @Test
    void bothCheckJavaBuildTheSameWayAndRunTheJarWithTheArgumentsOrTheDemo() throws Exception {
        String sh = Files.readString(SH);
        String cmd = Files.readString(CMD);

        assertThat(sh).contains("./mvnw -B -q -DskipTests package", "java.specification.version", "-lt 17",
                "find \"$home/src\" \"$home/pom.xml\" -newer \"$jar\"", "set -- demo", "-jar \"$jar\" \"$@\"",
                "export BULK_RESEND_HOME");
        assertThat(cmd).contains("call mvnw.cmd -B -q -DskipTests package", "java.specification.version", "LSS 17",
                "'src'), (Join-Path $env:BULK_RESEND_HOME 'pom.xml') -Recurse -File", "-gt $jar",
                "-jar \"%JAR%\" %*", "-jar \"%JAR%\" demo", "set \"BULK_RESEND_HOME=%~dp0\"",
                "target\\bulk-resend.jar");
        assertThat(cmd).as("exit code 2 where Java is missing or old, or the build fails, as run.sh")
            .contains(":nojava", ":oldjava", ":buildfailed").containsPattern("(?s):buildfailed.*exit /b 2");
        assertThat(Files.exists(Path.of("mvnw.cmd"))).as("the wrapper run.cmd calls").isTrue();
    }
}
