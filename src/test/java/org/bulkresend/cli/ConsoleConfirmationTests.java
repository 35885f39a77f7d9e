package org.bulkresend.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;

import org.bulkresend.credential.CredentialKind;
import org.bulkresend.ledger.Status;
import org.bulkresend.notify.MailRoute;
import org.bulkresend.run.RunPlan;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The question an admin at a terminal answers before a run's first change: only yes goes ahead. */
class ConsoleConfirmationTests {

    static final RunPlan PLAN = new RunPlan(Path.of("/srv/new-hires.csv"), "the embedded directory",
            "adele.vance@contoso.example", CredentialKind.PASSWORD, null,
            MailRoute.smtp("mail.contoso.example", 587, "IT <it@contoso.example>"), null,
            Map.of(Status.PREVIEWED, 212L, Status.DENIED_NOT_PERMITTED, 3L, Status.REJECTED_UNKNOWN_USER, 4L,
                    Status.REJECTED_DUPLICATE, 1L, Status.SKIPPED_ALREADY_NOTIFIED, 7L));

    final StringWriter out = new StringWriter();

    final StringWriter err = new StringWriter();

    boolean answered(RunPlan plan, String answer) {
        return new ConsoleConfirmation(new PrintWriter(this.out, true), new PrintWriter(this.err, true),
                () -> answer, Path.of("/out/outbox")).confirm(plan);
    }

    @Test
    void thePlanNamesWhereWhoWhatAndHowManyBeforeTheQuestion() {
        assertThat(answered(PLAN, "yes")).isTrue();

        assertThat(this.out.toString()).contains("Input:     /srv/new-hires.csv", "Directory: the embedded directory",
                "Operator:  adele.vance@contoso.example", "Gives:     temporary passwords",
                "Messages:  SMTP server mail.contoso.example:587, from it@contoso.example")
            .containsPattern("Users to reset and tell: +212\\n")
            .containsPattern("Denied \\(the operator may not reset them\\): +3\\n")
            .containsPattern("Rejected \\(the report will say why\\): +5\\n")
            .containsPattern("Already told by an earlier run \\(left alone\\): +7\\n")
            .endsWith("Type yes to reset 212 users: ")
            .doesNotContain("Continues");
    }

    @Test
    void onlyYesGoesAhead() {
        assertThat(answered(PLAN, "yes")).isTrue();
        assertThat(answered(PLAN, " yes ")).as("spaces around it").isTrue();
        assertThat(answered(PLAN, "no")).isFalse();
        assertThat(answered(PLAN, "")).isFalse();
        assertThat(answered(PLAN, "y")).isFalse();
        assertThat(answered(PLAN, "Yes")).isFalse();
        assertThat(answered(PLAN, "yes please")).isFalse();
        assertThat(answered(PLAN, null)).as("the end of input").isFalse();
    }

    @Test
    void aContinuedRunSaysItsNumbersAreWhatRemainsAndPassesAreGivenNotReset() {
        RunPlan continued = new RunPlan(PLAN.input(), PLAN.directory(), PLAN.operator(), CredentialKind.TAP,
                "Temporary Access Passes of 8 hours, each for one sign-in; passwords are not changed",
                MailRoute.outbox(null), 12L, Map.of(Status.PREVIEWED, 1L));

        assertThat(answered(continued, "no")).isFalse();

        assertThat(this.out.toString())
            .contains("Continues: run 12 where it stopped; the numbers below are what remains of it",
                    "Gives:     Temporary Access Passes of 8 hours",
                    "Messages:  outbox folder /out/outbox, from " + MailRoute.OUTBOX_SENDER)
            .containsPattern("Users to give a pass and tell: +1\\n")
            .endsWith("Type yes to give 1 user a Temporary Access Pass: ");
    }

    @Test
    void aRunThatWouldResetNobodySaysSo() {
        RunPlan nobody = new RunPlan(PLAN.input(), PLAN.directory(), PLAN.operator(), CredentialKind.PASSWORD, null,
                PLAN.route(), null, Map.of(Status.DENIED_NOT_PERMITTED, 2L));

        assertThat(ConsoleConfirmation.question(nobody)).contains("it resets nobody");
    }
}
