package org.bulkresend.cli;

import java.io.PrintWriter;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.concurrent.Callable;

import org.bulkresend.address.EmailAddresses;
import org.bulkresend.directory.DirectoryUnavailableException;
import org.bulkresend.directory.DirectoryUser;
import org.bulkresend.job.Expiry;
import org.bulkresend.ledger.Ledger.Told;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "expire", mixinStandardHelpOptions = true, sortOptions = false,
        description = { "Replace every temporary password past its expiry (run --temp-password-ttl) that its user "
                + "has not changed by a random password nobody knows, so an old message is no longer a key to the "
                + "account. The user must still choose a new password at next sign-in; the ledger records EXPIRED, "
                + "the audit trail records who did it, and the users are listed for 'followup --resend'.",
                "Users who already chose their own password are left alone. Safe to run as often as you like: "
                        + "schedule it, or let 'watch' run it before each round." })
class ExpireCommand implements Callable<Integer> {

    static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
        .withZone(ZoneId.of("UTC"));

    @Mixin
    SignedInRun signedIn;

    @Override
    public Integer call() {
        return this.signedIn.run(null, (session, operator) -> expire(session, operator,
                this.signedIn.command.commandLine().getOut(), this.signedIn.command.commandLine().getErr()));
    }

    /** Runs {@code expire} in a started session and prints what it did; returns the exit code. */
    static int expire(SpringSession session, DirectoryUser operator, PrintWriter out, PrintWriter err) {
        Expiry.Result result;
        try {
            result = session.bean(Expiry.class).expire(operator);
        }
        catch (DirectoryUnavailableException ex) {
            err.println("bulk-resend: " + Sentence.of(ex.getMessage()));
            return ExitCodes.FAILED;
        }
        print(result, out);
        return result.complete() ? ExitCodes.OK : ExitCodes.PROBLEMS;
    }

    static void print(Expiry.Result result, PrintWriter out) {
        if (result.expired().isEmpty() && result.notExpired().isEmpty()) {
            out.println("No temporary password is past its expiry unused." + ((result.changed() > 0)
                    ? " " + result.changed() + " users have chosen their own since they were told." : ""));
            return;
        }
        if (!result.expired().isEmpty()) {
            out.println("Replaced " + result.expired().size() + " expired temporary passwords by random ones nobody "
                    + "knows (status EXPIRED):");
            for (Told told : result.expired()) {
                out.println("  " + Printable.of(told.entry().userPrincipalName()) + "  told " + WHEN.format(told.entry().notifiedAt())
                        + " at " + EmailAddresses.mask(told.entry().notifyAddress()) + " (run "
                        + told.entry().jobInstanceId() + "), expired " + WHEN.format(told.entry().expiresAt()));
            }
            out.println("They cannot sign in until they get a new password: 'followup --resend' sends one.");
        }
        if (result.changed() > 0) {
            out.println(result.changed() + " users had chosen their own password: left alone.");
        }
        if (!result.notExpired().isEmpty()) {
            out.println("Not replaced (" + result.notExpired().size() + "):");
            for (Map.Entry<Told, String> entry : result.notExpired().entrySet()) {
                out.println("  " + Printable.of(entry.getKey().entry().userPrincipalName()) + ": "
                        + Printable.of(entry.getValue()));
            }
        }
        out.flush();
    }
}
