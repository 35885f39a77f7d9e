package org.bulkresend.cli;

import java.util.Locale;
import java.util.concurrent.Callable;

import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "completion", mixinStandardHelpOptions = true,
        description = { "Print a script that completes bulk-resend's commands and options as you type them, in bash "
                + "or zsh, for the command bulk-resend and for run.sh.",
                "bash: source <(./run.sh completion bash), or save it as /etc/bash_completion.d/bulk-resend.",
                "zsh: autoload -U +X compinit && compinit; autoload -U +X bashcompinit && bashcompinit; then "
                        + "source <(./run.sh completion zsh)." })
class CompletionCommand implements Callable<Integer> {

    @Parameters(paramLabel = "SHELL", description = "bash or zsh.")
    String shell;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        String shell = this.shell.strip().toLowerCase(Locale.ROOT);
        if (!shell.equals("bash") && !shell.equals("zsh")) {
            throw new UsageException("completion works for bash and zsh, not '" + this.shell + "'.");
        }
        String script = AutoComplete.bash("bulk-resend", this.spec.root().commandLine());
        this.spec.commandLine().getOut().print(script);
        // The same completion for the launcher, typed as run.sh, ./run.sh or its full path.
        this.spec.commandLine().getOut().println("complete -F _complete_bulk-resend -o default run.sh");
        return ExitCodes.OK;
    }
}
