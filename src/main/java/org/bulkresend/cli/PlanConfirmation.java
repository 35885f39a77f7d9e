package org.bulkresend.cli;

import java.io.Console;
import java.lang.reflect.Method;

import org.bulkresend.notify.MailRoutes;
import org.bulkresend.run.Confirmation;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/**
 * {@code --yes}, on the commands that start or continue a run ({@code run}, {@code restart},
 * {@code followup --resend}): at a terminal they show the run's plan and go ahead only on the
 * answer {@code yes}; with {@code --yes}, or without a terminal (cron, systemd, a pipe), they go
 * ahead without asking, as a schedule needs.
 */
class PlanConfirmation {

    @Option(names = "--yes",
            description = "Go ahead without showing the plan and asking for yes first, as in a script. Without a "
                    + "terminal (cron, systemd, a pipe) nothing is asked anyway.")
    boolean yes;

    /** Who says yes to the plan of this command's run: the admin at the terminal, or nobody. */
    Confirmation confirmation(SpringSession session, CommandSpec command) {
        if (this.yes || !onTerminal()) {
            return Confirmation.AUTOMATIC;
        }
        Console console = System.console();
        return new ConsoleConfirmation(command.commandLine().getOut(), command.commandLine().getErr(),
                console::readLine, session.bean(MailRoutes.class).outbox());
    }

    /**
     * True if both the input and the output are a terminal. From Java 22 a command whose streams
     * are redirected has a console too, and only {@code Console.isTerminal()} (not in Java 17) tells:
     * a scheduled run must never wait for an answer nobody can give.
     */
    static boolean onTerminal() {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            Method isTerminal = Console.class.getMethod("isTerminal");
            return Boolean.TRUE.equals(isTerminal.invoke(console));
        }
        catch (NoSuchMethodException ex) {
            return true;
        }
        catch (ReflectiveOperationException ex) {
            return false;
        }
    }
}
