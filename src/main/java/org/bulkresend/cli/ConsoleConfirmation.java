package org.bulkresend.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import org.bulkresend.credential.CredentialKind;
import org.bulkresend.notify.MailRoute;
import org.bulkresend.run.Confirmation;
import org.bulkresend.run.RunPlan;

/**
 * The admin at a terminal, shown the run's plan before its first change and asked to type yes.
 * Anything else, the end of input, Ctrl-C or SIGTERM at the question is a no.
 */
final class ConsoleConfirmation implements Confirmation {

    static final String ANSWER = "yes";

    private final PrintWriter out;

    private final PrintWriter err;

    private final Supplier<String> answer;

    private final Path outbox;

    /**
     * @param answer reads the admin's answer, a line; null at the end of input
     * @param outbox the outbox folder, named when the messages go there
     */
    ConsoleConfirmation(PrintWriter out, PrintWriter err, Supplier<String> answer, Path outbox) {
        this.out = out;
        this.err = err;
        this.answer = answer;
        this.outbox = outbox;
    }

    @Override
    public boolean confirm(RunPlan plan) {
        print(plan);
        this.out.print(question(plan));
        this.out.flush();
        CompletableFuture<String> typed = new CompletableFuture<>();
        // Read on a thread of its own, so that Ctrl-C at the question is a no rather than a stop mid-run.
        Thread reader = new Thread(() -> {
            try {
                typed.complete(this.answer.get());
            }
            catch (RuntimeException | Error ex) {
                typed.complete(null);
            }
        }, "answer");
        reader.setDaemon(true);
        reader.start();
        try (GracefulStop stop = GracefulStop.install(() -> typed.complete(null), this.err,
                "not going ahead.")) {
            String line = typed.join();
            if (line == null) {
                this.out.println();
            }
            return line != null && ANSWER.equals(line.strip());
        }
    }

    private void print(RunPlan plan) {
        MailRoute route = plan.route();
        this.out.println();
        this.out.println("Before anything changes, the plan:");
        this.out.println("  Input:     " + plan.input());
        if (plan.continuing() != null) {
            this.out.println("  Continues: run " + plan.continuing() + " where it stopped; the numbers below are "
                    + "what remains of it");
        }
        this.out.println("  Directory: " + Printable.of(plan.directory()));
        this.out.println("  Operator:  " + Printable.of(plan.operator()));
        this.out.println("  Gives:     " + ((plan.passes() != null) ? plan.passes() : plan.credential().plural()));
        this.out.println("  Messages:  " + Printable.of(route.describe())
                + ((route.kind() == MailRoute.Kind.OUTBOX) ? " " + this.outbox + ", from " + route.fromAddress()
                        : ""));
        String toReset = (plan.credential() == CredentialKind.TAP) ? "give a pass" : "reset";
        this.out.printf("  %-44s %d%n", "Users to " + toReset + " and tell:", plan.toReset());
        this.out.printf("  %-44s %d%n", "Denied (the operator may not reset them):", plan.denials());
        this.out.printf("  %-44s %d%n", "Rejected (the report will say why):", plan.rejections());
        if (plan.alreadyTold() > 0) {
            this.out.printf("  %-44s %d%n", "Already told by an earlier run (left alone):", plan.alreadyTold());
        }
    }

    /** "Type yes to reset 3 users: ". */
    static String question(RunPlan plan) {
        long users = plan.toReset();
        if (users == 0) {
            return "Type " + ANSWER + " to run it anyway (it resets nobody and records every row): ";
        }
        return "Type " + ANSWER + " to " + verb(plan) + " " + users + ((users == 1) ? " user" : " users")
                + ((plan.credential() == CredentialKind.TAP) ? " a Temporary Access Pass" : "") + ": ";
    }

    private static String verb(RunPlan plan) {
        return (plan.credential() == CredentialKind.TAP) ? "give" : "reset";
    }
}
