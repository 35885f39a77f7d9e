package org.bulkresend.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.concurrent.Callable;

import org.bulkresend.address.EmailAddresses;
import org.bulkresend.directory.DirectoryUnavailableException;
import org.bulkresend.directory.DirectoryUser;
import org.bulkresend.job.Expiry;
import org.bulkresend.job.PassRevocation;
import org.bulkresend.ledger.Ledger.Told;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "expire", mixinStandardHelpOptions = true, sortOptions = false,
        description = { "Replace every temporary password past its expiry (run --temp-password-ttl) that its user "
                + "has not changed by a random password nobody knows, so an old message is no longer a key to the "
                + "account. The user must still choose a new password at next sign-in; the ledger records EXPIRED, "
                + "the audit trail records who did it, and the users are listed for 'followup --resend'.",
                "Users who already chose their own password are left alone. Safe to run as often as you like: "
                        + "schedule it, or let 'watch' run it before each round.",
                "A Temporary Access Pass stops working by itself; --revoke-unused ends the unused ones sooner." })
class ExpireCommand implements Callable<Integer> {

    @Option(names = "--revoke-unused",
            description = "Also delete the Temporary Access Pass of every user told one at least --unused-for ago "
                    + "who has not set up a sign-in method with it (Microsoft Graph: DELETE "
                    + ".../temporaryAccessPassMethods/{id}; the app needs UserAuthenticationMethod.ReadWrite.All), so "
                    + "that it stops working before its end. They are recorded EXPIRED and listed for "
                    + "'followup --resend'.")
    boolean revokeUnused;

    @Option(names = "--unused-for", paramLabel = "DURATION", defaultValue = "24h",
            description = "With --revoke-unused: only passes told at least this long ago: 8h, 3d. "
                    + "Default: ${DEFAULT-VALUE}.")
    String unusedFor;

    static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
        .withZone(ZoneId.of("UTC"));

    @Mixin
    SignedInRun signedIn;

    @Override
    public Integer call() {
        Duration unused = Durations.parse("--unused-for", this.unusedFor, Duration.ZERO, Duration.ofDays(30));
        return this.signedIn.run(null, (session, operator) -> {
            PrintWriter out = this.signedIn.command.commandLine().getOut();
            PrintWriter err = this.signedIn.command.commandLine().getErr();
            int expired = expire(session, operator, out, err);
            if (!this.revokeUnused || expired == ExitCodes.FAILED) {
                return expired;
            }
            PassRevocation.Result result;
            try {
                result = session.bean(PassRevocation.class).revokeUnused(operator, unused);
            }
            catch (DirectoryUnavailableException ex) {
                err.println("bulk-resend: " + Sentence.of(ex.getMessage() + " Run 'expire --revoke-unused' again "
                        + "once it answers: it goes on from there."));
                return ExitCodes.FAILED;
            }
            print(result, unused, out);
            return (expired == ExitCodes.OK && result.complete()) ? ExitCodes.OK : ExitCodes.PROBLEMS;
        });
    }

    static void print(PassRevocation.Result result, Duration unused, PrintWriter out) {
        if (result.revoked().isEmpty() && result.ended().isEmpty() && result.notRevoked().isEmpty()) {
            out.println("No unused Temporary Access Pass told more than " + Durations.format(unused) + " ago."
                    + ((result.done() > 0) ? " " + result.done() + " users have set up a sign-in method since." : ""));
            return;
        }
        if (!result.revoked().isEmpty()) {
            out.println("Revoked " + result.revoked().size() + " unused Temporary Access Passes before their end "
                    + "(status EXPIRED):");
            for (Told told : result.revoked()) {
                out.println("  " + Printable.of(told.entry().userPrincipalName()) + "  told "
                        + WHEN.format(told.entry().notifiedAt()) + " at "
                        + EmailAddresses.mask(told.entry().notifyAddress()) + " (run " + told.entry().jobInstanceId()
                        + "), would have ended " + WHEN.format(told.entry().expiresAt()));
            }
        }
        if (!result.ended().isEmpty()) {
            out.println(result.ended().size() + " passes no longer worked (used once, or deleted or replaced "
                    + "elsewhere) with no sign-in method set up (status EXPIRED): "
                    + String.join(", ", result.ended().stream()
                        .map((t) -> Printable.of(t.entry().userPrincipalName())).toList()));
        }
        if (!result.revoked().isEmpty() || !result.ended().isEmpty()) {
            out.println("They cannot sign in until they get a new pass: 'followup --resend' sends one.");
        }
        if (result.done() > 0) {
            out.println(result.done() + " users had set up a sign-in method: left alone.");
        }
        if (!result.notRevoked().isEmpty()) {
            out.println("Not revoked (" + result.notRevoked().size() + "):");
            for (Map.Entry<Told, String> entry : result.notRevoked().entrySet()) {
                out.println("  " + Printable.of(entry.getKey().entry().userPrincipalName()) + ": "
                        + Printable.of(entry.getValue()));
            }
        }
        out.flush();
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
