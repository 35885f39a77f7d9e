package org.bulkresend.cli;

import java.nio.file.Path;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

import org.bulkresend.directory.AdminRole;
import org.bulkresend.directory.DirectoryImporter;
import org.bulkresend.directory.DirectoryUser;
import org.bulkresend.directory.internal.JdbcDirectory;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "directory", mixinStandardHelpOptions = true, subcommands = { DirectoryCommand.Import.class,
        DirectoryCommand.ListUsers.class }, description = "Manage the embedded directory's users.")
class DirectoryCommand implements Callable<Integer> {

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
            description = "List the directory's users (never their passwords or hashes).")
    static class ListUsers implements Callable<Integer> {

        private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")
            .withZone(ZoneId.systemDefault());

        @Mixin
        DataOptions data;

        @Override
        public Integer call() {
            return this.data.reading((session, out, err) -> {
                List<DirectoryUser> users = session.bean(JdbcDirectory.class).list();
                String format = "%-40s %-28s %-12s %-6s %-22s %-34s %-6s %-16s %s%n";
                out.printf(format, "USER PRINCIPAL NAME", "DISPLAY NAME", "STATE", "LANG", "TIME ZONE",
                        "ALTERNATE EMAIL", "CHANGE", "PASSWORD SET", "ADMIN ROLES");
                for (DirectoryUser user : users) {
                    out.printf(format, Printable.of(user.userPrincipalName()), nullToDash(user.displayName()),
                            user.state(), nullToDash(user.preferredLanguage()), nullToDash(user.timeZone()),
                            nullToDash(user.alternateEmail()),
                            user.mustChangePassword() ? "yes" : "no",
                            (user.passwordLastSet() != null) ? WHEN.format(user.passwordLastSet()) : "-",
                            user.roles().isEmpty() ? "-" : user.roles().stream().map(AdminRole::displayName).sorted()
                                .collect(Collectors.joining("; ")));
                }
                out.println(users.size() + " users.");
                return ExitCodes.OK;
            });
        }

        /** A field from the directory as the terminal shows it: "-" if empty, control characters escaped. */
        private static String nullToDash(String value) {
            return (value == null || value.isBlank()) ? "-" : Printable.of(value);
        }
    }
}
