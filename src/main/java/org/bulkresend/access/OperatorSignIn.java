package org.bulkresend.access;

import java.time.Clock;
import java.time.Duration;
import java.util.function.Consumer;

import org.bulkresend.access.AuditEvent.Action;
import org.bulkresend.directory.AccountState;
import org.bulkresend.directory.DirectoryUser;
import org.bulkresend.directory.internal.JdbcDirectory;
import org.bulkresend.password.Secret;

/**
 * The operator signs in with their own directory password before anything is touched. Every
 * attempt is audited. An unknown operator and a wrong password get the same answer, so that the
 * tool does not tell who exists; repeated failures wait longer and longer before the answer.
 */
public class OperatorSignIn {

    static final Duration FAILURE_WINDOW = Duration.ofMinutes(15);

    static final Duration MAX_DELAY = Duration.ofSeconds(30);

    private final JdbcDirectory directory;

    private final AuditTrail audit;

    private final Clock clock;

    private final Duration failureDelay;

    /** @param failureDelay the wait after one recent failure; it doubles with each further one */
    private final Consumer<Duration> sleep;

    public OperatorSignIn(JdbcDirectory directory, AuditTrail audit, Clock clock, Duration failureDelay) {
        this(directory, audit, clock, failureDelay, OperatorSignIn::sleep);
    }

    OperatorSignIn(JdbcDirectory directory, AuditTrail audit, Clock clock, Duration failureDelay,
            Consumer<Duration> sleep) {
        this.directory = directory;
        this.audit = audit;
        this.clock = clock;
        this.failureDelay = failureDelay;
        this.sleep = sleep;
    }

    /** The signed-in operator; the password is destroyed either way. */
    public DirectoryUser signIn(String operator, Secret password) {
        try {
            slowDownAfterFailures(operator);
            DirectoryUser user = this.directory.find(operator).orElse(null);
            if (user == null) {
                throw refuse(operator, "no such user", "Sign-in refused for " + operator
                        + ": unknown operator or wrong password.");
            }
            if (!this.directory.verifyPassword(operator, password)) {
                throw refuse(operator, "wrong password", "Sign-in refused for " + operator
                        + ": unknown operator or wrong password.");
            }
            if (user.state() != AccountState.ACTIVE) {
                throw refuse(operator, "account " + user.state().name(), "Sign-in refused for " + operator
                        + ": the account is " + user.state().description() + ".");
            }
            if (!ResetPermissions.canResetAnyone(user.roles())) {
                throw refuse(operator, "no resetting role", "Sign-in refused for " + operator
                        + ": the account holds no role that may reset passwords (Global, Privileged Authentication, "
                        + "User, Helpdesk, Authentication or Password Administrator).");
            }
            this.audit.record(operator, null, Action.SIGN_IN, "SUCCEEDED", null, null);
            return user;
        }
        finally {
            password.destroy();
        }
    }

    private OperatorRefusedException refuse(String operator, String why, String message) {
        this.audit.record(operator, null, Action.SIGN_IN, "REFUSED", why, null);
        return new OperatorRefusedException(message + " Nothing was changed.");
    }

    private void slowDownAfterFailures(String operator) {
        int failures = this.audit.failedSignInsSince(operator, this.clock.instant().minus(FAILURE_WINDOW));
        if (failures == 0) {
            return;
        }
        Duration delay = this.failureDelay.multipliedBy(1L << Math.min(failures - 1, 16));
        this.sleep.accept((delay.compareTo(MAX_DELAY) > 0) ? MAX_DELAY : delay);
    }

    private static void sleep(Duration delay) {
        try {
            Thread.sleep(delay.toMillis());
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }
}
