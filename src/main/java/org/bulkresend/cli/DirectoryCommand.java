package org.bulkresend.cli;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.bulkresend.credential.TapPolicy;
import org.bulkresend.directory.AdminRole;
import org.bulkresend.directory.DirectoryImporter;
import org.bulkresend.directory.DirectoryUser;
import org.bulkresend.directory.internal.JdbcDirectory;
import org.bulkresend.directory.internal.SignInAttempt;
import org.bulkresend.directory.internal.TapPolicyLimits;
import org.bulkresend.directory.internal.TemporaryAccessPass;
import org.bulkresend.password.Secret;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "directory", mixinStandardHelpOptions = true, subcommands = { DirectoryCommand.Import.class,
        DirectoryCommand.ListUsers.class, DirectoryCommand.TapPolicyCommand.class, DirectoryCommand.SignIn.class },
        description = "Manage the embedded directory's users and its Temporary Access Pass policy.")
class DirectoryCommand implements Callable<Integer> {

    /** Times as the directory's listing shows them, in this machine's time zone. */
    static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")
        .withZone(ZoneId.systemDefault());

    /** The same with the zone, where a time stands alone in a sentence. */
    static final DateTimeFormatter WHEN_IN_ZONE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm z")
        .withZone(ZoneId.systemDefault());

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        throw UsageErrors.missingCommand(this.spec);
    }

    @Command(name = "import", mixinStandardHelpOptions = true, description = {
            "Add or update users from a CSV file; importing the same file again changes nothing.",
            "Columns (by header name): userPrincipalName (required), displayName, givenName, surname, "
                    + "accountState (ACTIVE, BLOCKED, SOFT_DELETED), adminRoles (';'-separated, e.g. "
                    + "\"Password Administrator\"), mail, alternateEmail, preferredLanguage, timeZone (an IANA "
                    + "name such as Europe/Rome or a Windows name such as W. Europe Standard Time: times in the "
                    + "user's messages are written in it), password.",
            "A password in the row sets that user's own password, stored hashed: it is what an operator signs in "
                    + "with, so an operator imported without one cannot sign in until a later import gives one. It "
                    + "must meet the directory's policy (8 to 256 characters, 3 of lower case, upper case, digits and "
                    + "symbols). A user whose row has no password keeps the one they have. Rows with problems are "
                    + "listed and skipped (exit code 1)." })
    static class Import implements Callable<Integer> {

        @Parameters(paramLabel = "FILE", description = "The CSV file.")
        Path file;

        @Mixin
        DataOptions data;

        @Override
        public Integer call() {
            return this.data.inSession((session, out, err) -> {
                JdbcDirectory directory = session.bean(JdbcDirectory.class);
                DirectoryImporter.Result result = new DirectoryImporter(directory).importFile(this.file);
                out.println("Imported " + this.file.toAbsolutePath().normalize() + ": " + result.added() + " added, "
                        + result.updated() + " updated, " + result.problems().size() + " rejected; "
                        + directory.count() + " users in the directory.");
                result.problems().forEach((problem) -> err.println("  rejected " + problem));
                return result.problems().isEmpty() ? ExitCodes.OK : ExitCodes.PROBLEMS;
            });
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = { "List the directory's users (never their passwords, passes or hashes).",
                    "TAP: the user's Temporary Access Pass: until when it works, from when it will, used up, or "
                            + "ended; - if they hold none." })
    static class ListUsers implements Callable<Integer> {

        @Mixin
        DataOptions data;

        @Override
        public Integer call() {
            return this.data.reading((session, out, err) -> {
                JdbcDirectory directory = session.bean(JdbcDirectory.class);
                List<DirectoryUser> users = directory.list();
                Map<String, TemporaryAccessPass> passes = directory.temporaryAccessPasses();
                Instant now = session.bean(Clock.class).instant();
                String format = "%-40s %-28s %-12s %-6s %-22s %-34s %-6s %-16s %-22s %s%n";
                out.printf(format, "USER PRINCIPAL NAME", "DISPLAY NAME", "STATE", "LANG", "TIME ZONE",
                        "ALTERNATE EMAIL", "CHANGE", "PASSWORD SET", "TAP", "ADMIN ROLES");
                for (DirectoryUser user : users) {
                    out.printf(format, Printable.of(user.userPrincipalName()), nullToDash(user.displayName()),
                            user.state(), nullToDash(user.preferredLanguage()), nullToDash(user.timeZone()),
                            nullToDash(user.alternateEmail()),
                            user.mustChangePassword() ? "yes" : "no",
                            (user.passwordLastSet() != null) ? WHEN.format(user.passwordLastSet()) : "-",
                            pass(passes.get(user.key()), now),
                            user.roles().isEmpty() ? "-" : user.roles().stream().map(AdminRole::displayName).sorted()
                                .collect(Collectors.joining("; ")));
                }
                out.println(users.size() + " users.");
                return ExitCodes.OK;
            });
        }

        /** A pass in a word or two: when it works, or why it no longer does; never the pass. */
        static String pass(TemporaryAccessPass pass, Instant now) {
            if (pass == null) {
                return "-";
            }
            if (pass.usedUp()) {
                return "used up";
            }
            if (now.isBefore(pass.terms().startsAt())) {
                return "from " + WHEN.format(pass.terms().startsAt());
            }
            return pass.terms().worksAt(now) ? "until " + WHEN.format(pass.terms().endsAt()) : "ended";
        }

        /** A field from the directory as the terminal shows it: "-" if empty, control characters escaped. */
        private static String nullToDash(String value) {
            return (value == null || value.isBlank()) ? "-" : Printable.of(value);
        }
    }

    @Command(name = "tap-policy", mixinStandardHelpOptions = true, description = {
            "Show the embedded directory's Temporary Access Pass policy, or change it with the options given "
                    + "(those left out stay as they are).",
            "It starts as Microsoft Entra ID's defaults (enabled; lifetimes from 1 hour to 8 hours, 1 hour by "
                    + "default; passes may be used more than once; 8 characters), and keeps within Entra ID's "
                    + "limits: lifetimes from 10 minutes to 30 days in whole minutes, the default between the minimum "
                    + "and the maximum, 8 to 48 characters. Passes already issued keep their terms." })
    static class TapPolicyCommand implements Callable<Integer> {

        @Option(names = "--enabled", arity = "1", paramLabel = "true|false",
                description = "Whether passes may be issued at all.")
        Boolean enabled;

        @Option(names = "--min-lifetime", paramLabel = "DURATION",
                description = "The shortest lifetime a run may ask for (15m, 2h, 1d).")
        String minimumLifetime;

        @Option(names = "--max-lifetime", paramLabel = "DURATION", description = "The longest.")
        String maximumLifetime;

        @Option(names = "--default-lifetime", paramLabel = "DURATION",
                description = "The lifetime of a pass a run asks for without one.")
        String defaultLifetime;

        @Option(names = "--usable-once", arity = "1", paramLabel = "true|false",
                description = "true: every pass is one-time; false: each run decides.")
        Boolean usableOnce;

        @Option(names = "--length", paramLabel = "N", description = "How many characters each pass has.")
        Integer length;

        @Mixin
        DataOptions data;

        @Override
        public Integer call() {
            // Every value is checked before the database opens: a mistake changes nothing.
            Duration minimum = lifetime("--min-lifetime", this.minimumLifetime);
            Duration maximum = lifetime("--max-lifetime", this.maximumLifetime);
            Duration byDefault = lifetime("--default-lifetime", this.defaultLifetime);
            if (this.length != null && (this.length < TapPolicyLimits.MIN_LENGTH
                    || this.length > TapPolicyLimits.MAX_LENGTH)) {
                throw new UsageException("--length must be between " + TapPolicyLimits.MIN_LENGTH + " and "
                        + TapPolicyLimits.MAX_LENGTH + ", was " + this.length + ".");
            }
            if (Stream.of(this.enabled, minimum, maximum, byDefault, this.usableOnce, this.length)
                .allMatch((option) -> option == null)) {
                return this.data.reading((session, out, err) -> {
                    TapPolicy policy = session.bean(JdbcDirectory.class).temporaryAccessPassPolicy();
                    out.println("Temporary Access Pass policy of the embedded directory: " + describe(policy));
                    return ExitCodes.OK;
                });
            }
            return this.data.inSession((session, out, err) -> {
                JdbcDirectory directory = session.bean(JdbcDirectory.class);
                TapPolicy current = directory.temporaryAccessPassPolicy();
                TapPolicy changed = new TapPolicy((this.enabled != null) ? this.enabled : current.enabled(),
                        (minimum != null) ? minimum : current.minimumLifetime(),
                        (maximum != null) ? maximum : current.maximumLifetime(),
                        (byDefault != null) ? byDefault : current.defaultLifetime(),
                        (this.usableOnce != null) ? this.usableOnce : current.usableOnce(),
                        (this.length != null) ? this.length : current.length());
                TapPolicyLimits.problem(changed).ifPresent((problem) -> {
                    throw new UsageException(problem);
                });
                directory.changeTemporaryAccessPassPolicy(changed);
                out.println("Changed the Temporary Access Pass policy of the embedded directory: " + describe(changed));
                return ExitCodes.OK;
            });
        }

        /** A lifetime option's value, within Entra ID's limits and in whole minutes, or null if not given. */
        private static Duration lifetime(String option, String value) {
            if (value == null) {
                return null;
            }
            Duration lifetime = Durations.parse(option, value, TapPolicyLimits.SHORTEST, TapPolicyLimits.LONGEST);
            if (lifetime.toSecondsPart() != 0 || lifetime.toNanosPart() != 0) {
                throw new UsageException(option + " must be whole minutes, as Entra ID keeps lifetimes, was "
                        + value.strip() + ".");
            }
            return lifetime;
        }

        private static String describe(TapPolicy policy) {
            return policy.describe() + (policy.equals(TapPolicy.ENTRA_DEFAULTS) ? " (Microsoft Entra ID's defaults)."
                    : ".");
        }
    }

    @Command(name = "sign-in", mixinStandardHelpOptions = true, description = {
            "Sign in as a user of the embedded directory with their password or their Temporary Access Pass, "
                    + "and say which worked, or why neither did: no such user, an account that is not active, a "
                    + "wrong password or pass, a pass that has not started, has expired or is used up.",
            "The password or pass is never an argument (the process list and the shell history would show it): "
                    + "it is read from env " + SignIn.SECRET_VARIABLE + ", --secret-file, or a prompt that does "
                    + "not echo. This is a real sign-in: it uses up a one-time pass, and counts as the user having "
                    + "done what their pass was for." })
    static class SignIn implements Callable<Integer> {

        static final String SECRET_VARIABLE = "BULK_RESEND_SIGN_IN_SECRET";

        @Option(names = "--user", paramLabel = "UPN", required = true, description = "The user who signs in.")
        String user;

        @Option(names = "--secret-file", paramLabel = "FILE",
                description = "A file whose first line is the password or pass (keep it readable by you only).")
        Path secretFile;

        @Mixin
        DataOptions data;

        @Override
        public Integer call() {
            return this.data.reading((session, out, err) -> {
                String prompt = "Password or Temporary Access Pass for " + Printable.of(this.user)
                        + " in the embedded directory (" + session.dataDir() + "): ";
                Secret secret = OperatorOptions.secret(this.secretFile, "sign-in secret file", SECRET_VARIABLE, prompt)
                    .orElseThrow(() -> new UsageException("No password or pass to sign in " + Printable.of(this.user)
                            + " with: set " + SECRET_VARIABLE + ", give --secret-file FILE, or run in a terminal to "
                            + "be asked."));
                SignInAttempt attempt;
                try {
                    attempt = session.bean(JdbcDirectory.class).signIn(this.user, secret);
                }
                finally {
                    secret.destroy();
                }
                if (attempt.succeeded()) {
                    out.println("Signed in as " + Printable.of(this.user) + " with " + how(attempt) + ".");
                    return ExitCodes.OK;
                }
                err.println("bulk-resend: Sign-in refused for " + Printable.of(this.user) + ": " + why(attempt) + ".");
                return ExitCodes.USAGE;
            });
        }

        private static String how(SignInAttempt attempt) {
            TemporaryAccessPass pass = attempt.pass();
            if (pass == null) {
                return "their password";
            }
            return pass.terms().usableOnce() ? "their one-time Temporary Access Pass, which is now used up"
                    : "their Temporary Access Pass, which works until " + WHEN_IN_ZONE.format(pass.terms().endsAt())
                            + " and may be used again";
        }

        private static String why(SignInAttempt attempt) {
            return switch (attempt.outcome()) {
                case NO_SUCH_USER -> "there is no such user in the embedded directory";
                case NOT_ACTIVE -> "the account is " + attempt.state().description();
                case PASS_NOT_STARTED -> "their Temporary Access Pass works only from "
                        + WHEN_IN_ZONE.format(attempt.pass().terms().startsAt());
                case PASS_EXPIRED -> "their Temporary Access Pass expired at "
                        + WHEN_IN_ZONE.format(attempt.pass().terms().endsAt());
                case PASS_USED_UP -> "their one-time Temporary Access Pass was used up at "
                        + WHEN_IN_ZONE.format(attempt.pass().usedAt());
                default -> "that is neither their password nor their Temporary Access Pass";
            };
        }
    }
}
