package org.bulkresend.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;

import org.bulkresend.access.OperatorSignIn;
import org.bulkresend.directory.DirectoryImporter;
import org.bulkresend.directory.DirectoryUser;
import org.bulkresend.directory.internal.JdbcDirectory;
import org.bulkresend.password.Secret;
import org.bulkresend.run.ResendRunner;
import org.bulkresend.run.RunOutcome;
import org.bulkresend.run.RunRequest;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "demo", sortOptions = false, mixinStandardHelpOptions = true,
        description = { "The demo that ./run.sh runs with no arguments: seeds the embedded directory from "
                + "samples/directory.csv if it is empty, then runs samples/new-hires.csv.",
                "Without an SMTP server the messages land in the outbox folder as .eml files." })
class DemoCommand implements Callable<Integer> {

    static final String DEMO_SENDER = "Contoso IT <it-helpdesk@contoso.example>";

    static final String DEMO_HELPDESK = "the Contoso IT helpdesk (helpdesk@contoso.example, +1 555 0100)";

    /** The demo helpdesk as each of the other languages names it: no English inside their messages. */
    static final Map<String, String> DEMO_HELPDESK_IN = Map.of(
            "fr", "le support informatique de Contoso (helpdesk@contoso.example, +1 555 0100)",
            "it", "il supporto IT di Contoso (helpdesk@contoso.example, +1 555 0100)",
            "ja", "Contoso の IT ヘルプデスク（helpdesk@contoso.example、+1 555 0100）",
            "sv", "Contosos IT-support (helpdesk@contoso.example, +1 555 0100)",
            "zh-TW", "Contoso IT 服務台（helpdesk@contoso.example，+1 555 0100）");

    /** Who signs the demo's messages. */
    static final String DEMO_ORGANIZATION = "Contoso IT";

    /** The demo tenant's Global Administrator; the password is in samples/directory.csv and the README. */
    static final String DEMO_OPERATOR = "adele.vance@contoso.example";

    static final String DEMO_OPERATOR_PASSWORD = "Contoso-Demo-2026!";

    @Option(names = "--samples", paramLabel = "DIR", defaultValue = "${env:BULK_RESEND_HOME:-.}/samples",
            description = "Folder with directory.csv and new-hires.csv. Default: ${DEFAULT-VALUE}.")
    Path samples;

    @Option(names = "--rerun", description = "Run the demo file again as a new run.")
    boolean rerun;

    @Mixin
    DataOptions data;

    @Mixin
    JobOptions job;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Map<String, Object> settings = this.data.settings();
        if (this.job.from == null) {
            this.job.from = DEMO_SENDER;
        }
        if (this.job.helpdesk == null) {
            this.job.helpdesk = DEMO_HELPDESK;
            if (this.job.helpdeskIn == null) {
                this.job.helpdeskIn = DEMO_HELPDESK_IN;
            }
        }
        if (this.job.organization == null) {
            this.job.organization = DEMO_ORGANIZATION;
        }
        this.job.addTo(settings);
        PrintWriter out = this.spec.commandLine().getOut();
        try (SpringSession session = SpringSession.start(this.data.dataDir(), settings, BulkResendCli.passthrough(this.spec))) {
            session.requireRealOutputFolders();
            JdbcDirectory directory = session.bean(JdbcDirectory.class);
            if (directory.count() == 0) {
                Path directoryFile = this.samples.resolve("directory.csv");
                DirectoryImporter.Result seeded = new DirectoryImporter(directory).importFile(directoryFile);
                out.println("Seeded the embedded directory with " + seeded.added() + " users from " + directoryFile);
            }
            DirectoryUser operator = session.bean(OperatorSignIn.class)
                .signIn(DEMO_OPERATOR, Secret.of(DEMO_OPERATOR_PASSWORD));
            out.println("Signed in as " + Printable.of(operator.displayName()) + " (" + Printable.of(operator.userPrincipalName())
                    + "), the demo's Global Administrator.");
            RunRequest request = new RunRequest(this.samples.resolve("new-hires.csv"), null, this.rerun, false,
                    RunRequest.DEFAULT_MAX_INVALID_PERCENT, operator.userPrincipalName());
            ProgressDisplay.install(session, this.job.quiet);
            ResendRunner runner = session.bean(ResendRunner.class);
            RunOutcome outcome;
            try (GracefulStop stop = GracefulStop.install(runner, this.spec.commandLine().getErr())) {
                outcome = runner.run(request);
            }
            return BulkResendCli.finish(this.spec, outcome, session);
        }
    }
}
