package org.bulkresend.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;

import org.bulkresend.access.OperatorSignIn;
import org.bulkresend.address.EmailAddresses;
import org.bulkresend.credential.CredentialKind;
import org.bulkresend.directory.BindSignIn;
import org.bulkresend.directory.Directory;
import org.bulkresend.directory.DirectoryUser;
import org.bulkresend.followup.FollowUp;
import org.bulkresend.ledger.Ledger.Told;
import org.bulkresend.ledger.Status;
import org.bulkresend.run.ResendRunner;
import org.bulkresend.run.RunOutcome;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "followup", mixinStandardHelpOptions = true, sortOptions = false,
        description = { "List the users told a temporary password more than --older-than ago who still have not "
                + "replaced it (embedded directory: must-change still set; Microsoft Graph: lastPasswordChangeDateTime "
                + "not after they were told; Active Directory: pwdLastSet not after they were told), and those whose "
                + "password 'expire' replaced.",
                "--csv writes them to a file that is also an input file; --resend resets and tells them again "
                        + "(a new password and a new message, recorded as their next attempt in a new run)." })
class FollowupCommand implements Callable<Integer> {

    @Option(names = "--older-than", paramLabel = "DURATION", defaultValue = "3d",
            description = "Only users told at least this long ago: 3d, 36h, 90m. Default: ${DEFAULT-VALUE}.")
    String olderThan;

    @Option(names = "--csv", paramLabel = "FILE",
            description = "Also write the list to this CSV file (userPrincipalName, displayName, alternateEmail, "
                    + "preferredLanguage, timeZone, then when they were told and by which run): correct an address in "
                    + "it and give it to 'run --input FILE --rerun', or use --resend.")
    Path csv;

    @Option(names = "--resend",
            description = "Reset and tell the listed users again now, as a new run of the list (written to --csv, "
                    + "or to <out-dir>/followup/). Needs --operator, like 'run'; takes every option of 'run'.")
    boolean resend;

    @Option(names = "--operator", paramLabel = "UPN",
            description = "With --resend, or to read Active Directory as themselves: the admin running it, as for "
                    + "'run' (password from env "
                    + OperatorOptions.PASSWORD_VARIABLE + ", --operator-password-file or a prompt).")
    String operator;

    @Option(names = "--operator-password-file", paramLabel = "FILE",
            description = "A file whose first line is the operator's password.")
    Path operatorPasswordFile;

    @Mixin
    RunSettings settings;

    @Mixin
    PlanConfirmation plan;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Duration age = Durations.parse("--older-than", this.olderThan, Duration.ZERO, Duration.ofDays(3650));
        if (this.resend && this.operator == null) {
            throw new UsageException("--resend resets passwords, so it needs --operator (the admin running it), as "
                    + "'run' does.");
        }
        this.settings.data.requireDatabase();
        PrintWriter out = this.spec.commandLine().getOut();
        try (SpringSession session = this.settings.start(this.spec)) {
            session.requireRealOutputFolders(this.csv);
            boolean bindsAsOperator = session.bean(Directory.class) instanceof BindSignIn bind
                    && bind.bindsAsOperator();
            if (bindsAsOperator && this.operator == null) {
                throw new UsageException("With Active Directory, followup reads the directory as the operator, who "
                        + "binds as themselves: give --operator (the password as for 'run'), or a service account "
                        + "with --bind-as.");
            }
            DirectoryUser operator = (this.resend || bindsAsOperator) ? session.bean(OperatorSignIn.class)
                .signIn(this.operator, () -> OperatorOptions.password(this.operator, this.operatorPasswordFile,
                        OperatorOptions.checkedIn(session)))
                    : null;
            FollowUp followUp = session.bean(FollowUp.class);
            FollowUp.Result found = followUp.find(age);
            Instant now = session.bean(Clock.class).instant();
            print(found, age, now, out);
            Path list = followUp.writeList(found, this.csv, this.resend);
            if (list != null) {
                out.println("List:     " + list + " (" + found.pending().size() + " users)");
            }
            if (!this.resend) {
                return ExitCodes.OK;
            }
            if (found.pending().isEmpty()) {
                out.println("Nobody to resend to.");
                return ExitCodes.OK;
            }
            out.println("Resending to " + found.pending().size() + " users...");
            ProgressDisplay.install(session, this.settings.quiet());
            ResendRunner runner = session.bean(ResendRunner.class);
            RunOutcome outcome;
            try (GracefulStop stop = GracefulStop.install(runner, this.spec.commandLine().getErr())) {
                outcome = runner.resendFollowUp(list, operator.userPrincipalName(),
                        resendCredential(found.pending(), this.settings.job.credential),
                        this.plan.confirmation(session, this.spec));
            }
            return BulkResendCli.finish(this.spec, outcome, session);
        }
    }

    /**
     * What the resend gives: {@code --credential} if given, else what the users were told before; a
     * list of both kinds needs {@code --credential}, as one run gives one kind.
     */
    static CredentialKind resendCredential(List<Told> pending, String option) {
        if (option != null) {
            try {
                return CredentialKind.parse(option);
            }
            catch (IllegalArgumentException ex) {
                throw new UsageException("--credential: " + ex.getMessage() + ".");
            }
        }
        long passes = pending.stream().filter((told) -> told.entry().credential() == CredentialKind.TAP).count();
        if (passes > 0 && passes < pending.size()) {
            throw new UsageException(passes + " of the " + pending.size() + " users were told a Temporary Access Pass "
                    + "and the others a temporary password, and one run gives one kind: give --credential tap or "
                    + "--credential password for the resend, or resend each kind from its own --csv list.");
        }
        return (passes > 0) ? CredentialKind.TAP : CredentialKind.PASSWORD;
    }

    static void print(FollowUp.Result found, Duration age, Instant now, PrintWriter out) {
        List<Told> pending = found.pending();
        boolean passes = pending.stream().anyMatch((told) -> told.entry().credential() == CredentialKind.TAP);
        boolean passwords = pending.isEmpty()
                || pending.stream().anyMatch((told) -> told.entry().credential() == CredentialKind.PASSWORD);
        String toldWhen = "told " + (passes ? (passwords ? "a temporary password or pass" : "a Temporary Access Pass")
                : "a temporary password") + (age.isZero() ? "" : " more than " + Durations.format(age) + " ago");
        if (pending.isEmpty()) {
            out.println("Everyone " + toldWhen + " has signed in and chosen their own" + ((found.changed() > 0)
                    ? " (" + found.changed() + " seen doing so now)." : "."));
        }
        else {
            boolean one = pending.size() == 1;
            out.println(pending.size() + (one ? " user " : " users ") + toldWhen + (one ? " has not " : " have not ")
                    + (passes ? (passwords ? "replaced it or set up a sign-in method" : "set up a sign-in method")
                            : "replaced it")
                    + " yet:");
            out.printf("  %-40s %-8s %-26s %-5s %s%n", "user", "status", "told", "run", "at");
            for (Told told : pending) {
                boolean expired = told.entry().status() == Status.EXPIRED;
                String when = ExpireCommand.WHEN.format(told.entry().notifiedAt()) + " ("
                        + Duration.between(told.entry().notifiedAt(), now).toDays() + "d)";
                out.printf("  %-40s %-8s %-26s %-5s %s%s%n", Printable.of(told.entry().userPrincipalName()),
                        expired ? "expired" : "told", when, told.entry().jobInstanceId(),
                        EmailAddresses.mask(told.entry().notifyAddress()),
                        (!expired && told.entry().expiresAt() != null)
                                ? ((told.entry().expiresAt().isAfter(now) ? "  expires " : "  expired ")
                                        + ExpireCommand.WHEN.format(told.entry().expiresAt()))
                                : "");
            }
            if (found.changed() > 0) {
                out.println(found.changed() + " more have " + (passes ? "made theirs their own" : "chosen their own "
                        + "password") + " since they were told.");
            }
        }
        if (!found.gone().isEmpty()) {
            out.println(found.gone().size() + " are no longer in the directory: "
                    + String.join(", ", found.gone().stream().map((t) -> Printable.of(t.entry().userPrincipalName())).toList()));
        }
        if (!found.inactive().isEmpty()) {
            out.println(found.inactive().size() + " have a blocked or disabled account: "
                    + String.join(", ", found.inactive().stream().map((t) -> Printable.of(t.entry().userPrincipalName())).toList()));
        }
        out.flush();
    }
}
