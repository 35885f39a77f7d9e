package org.bulkresend.cli;

import java.io.Console;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Supplier;

import org.bulkresend.access.OperatorSignIn;
import org.bulkresend.directory.BindSignIn;
import org.bulkresend.directory.Directory;
import org.bulkresend.directory.DirectoryUser;
import org.bulkresend.password.Secret;

import picocli.CommandLine.Option;

/**
 * Who runs the command. The operator's password is never an argument (arguments show in the
 * process list and the shell history): it comes from the environment, a file, or a prompt.
 */
class OperatorOptions {

    static final String PASSWORD_VARIABLE = "BULK_RESEND_OPERATOR_PASSWORD";

    @Option(names = "--operator", paramLabel = "UPN", required = true,
            description = "The admin running this: a Global, Privileged Authentication, User, Helpdesk, "
                    + "Authentication or Password Administrator. In the embedded directory they sign in with their "
                    + "own password, read from env " + PASSWORD_VARIABLE + ", --operator-password-file, or a prompt. "
                    + "With --directory graph the app's credential signs in; the operator's roles decide whom the "
                    + "run may reset, and the audit trail names them.")
    String operator;

    @Option(names = "--operator-password-file", paramLabel = "FILE",
            description = "A file whose first line is the operator's password (keep it readable by you only).")
    Path passwordFile;

    DirectoryUser signIn(SpringSession session) {
        return session.bean(OperatorSignIn.class).signIn(this.operator, password(session));
    }

    /** The operator's password, asked for (from the file, the environment or the terminal) only when called. */
    Supplier<Secret> password(SpringSession session) {
        return () -> password(this.operator, this.passwordFile, checkedIn(session));
    }

    /**
     * Where the session's directory checks an operator's password, as the prompt names it: the
     * embedded directory and its data directory, or the Active Directory domain controller the
     * operator binds to.
     */
    static String checkedIn(SpringSession session) {
        Directory directory = session.bean(Directory.class);
        return (directory instanceof BindSignIn) ? directory.describe()
                : "the embedded directory (" + session.dataDir() + ")";
    }

    /**
     * What the terminal asks: it names the embedded directory the password is checked against, so that
     * nobody types their Microsoft 365 password into the demo's.
     */
    static String prompt(String operator, Path dataDir) {
        return prompt(operator, "the embedded directory (" + dataDir + ")");
    }

    /** What the terminal asks: it names where the password is checked. */
    static String prompt(String operator, String checkedIn) {
        return "Password for " + Printable.of(operator) + " in " + checkedIn + ": ";
    }

    static Secret password(String operator, Path file, String checkedIn) {
        return secret(file, "operator password file", PASSWORD_VARIABLE, prompt(operator, checkedIn))
            .orElseThrow(() -> new UsageException("No password for operator " + operator + ": set " + PASSWORD_VARIABLE
                    + ", give --operator-password-file FILE, or run in a terminal to be asked. Nothing was changed."));
    }

    /**
     * A secret from where an admin may keep one, never an argument: the first line of the file if
     * one is given, else the environment variable, else the terminal's prompt, which does not echo;
     * empty where there is none of these (no terminal, as under cron).
     *
     * @param fileName what the file is, for the sentence that says it cannot be read
     */
    static Optional<Secret> secret(Path file, String fileName, String variable, String prompt) {
        if (file != null) {
            try {
                String first = Files.readAllLines(file, StandardCharsets.UTF_8).stream().findFirst().orElse("");
                return Optional.of(Secret.of(first));
            }
            catch (IOException ex) {
                throw new UsageException("The " + fileName + " " + file + " cannot be read: " + ex.getMessage());
            }
        }
        String value = System.getenv(variable);
        if (value != null) {
            return Optional.of(Secret.of(value));
        }
        Console console = System.console();
        if (console != null) {
            char[] typed = console.readPassword("%s", prompt);
            if (typed != null) {
                return Optional.of(Secret.wrap(typed));
            }
        }
        return Optional.empty();
    }
}
