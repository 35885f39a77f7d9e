package org.bulkresend.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.bulkresend.support.Cli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code completion bash}: the script, loaded into a real bash, completes the commands, the
 * subcommands and each command's own options, for bulk-resend and for run.sh.
 */
class CompletionTests {

    @TempDir
    Path work;

    @Test
    void theScriptCompletesCommandsAndEachCommandsOwnOptionsInARealBash() throws Exception {
        Cli.Result result = Cli.raw("completion", "bash");
        assertThat(result.exitCode()).as(result.toString()).isZero();
        Path script = Files.writeString(this.work.resolve("bulk-resend.bash"), result.out());

        assertThat(complete(script, "bulk-resend", "st")).contains("status").doesNotContain("run");
        assertThat(complete(script, "bulk-resend", "directory", "im")).contains("import");
        assertThat(complete(script, "bulk-resend", "run", "--inp")).contains("--input");
        assertThat(complete(script, "bulk-resend", "status", "--")).contains("--limit", "--json", "--data-dir")
            .doesNotContain("--input");
        assertThat(complete(script, "./run.sh", "watch", "--create")).contains("--create-inbox");
    }

    @Test
    void aShellItCannotServeIsRefused() {
        Cli.Result result = Cli.raw("completion", "fish");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).contains("Completion works for bash and zsh, not 'fish'.");
    }

    /** What bash offers for the last word, as it would on TAB. */
    private String complete(Path script, String... words) throws Exception {
        StringBuilder array = new StringBuilder();
        for (String word : words) {
            array.append('\'').append(word).append("' ");
        }
        String program = "source '" + script + "'; COMP_WORDS=(" + array + "); COMP_CWORD=" + (words.length - 1)
                + "; COMP_LINE='" + String.join(" ", words) + "'; COMP_POINT=${#COMP_LINE}; "
                + "spec=$(complete -p " + words[0].replaceFirst(".*/", "") + "); fn=${spec#*-F }; fn=${fn%% *}; "
                + "$fn " + words[0] + " '" + words[words.length - 1] + "' '" + words[words.length - 2] + "'; "
                + "printf '%s\\n' \"${COMPREPLY[@]}\"";
        Process bash = new ProcessBuilder("bash", "-c", program).redirectErrorStream(true).start();
        String out = new String(bash.getInputStream().readAllBytes());
        assertThat(bash.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return out;
    }
}
