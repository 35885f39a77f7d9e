package org.bulkresend.access;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.bulkresend.access.AuditEvent.Action;
import org.bulkresend.directory.AccountState;
import org.bulkresend.directory.BindSignIn;
import org.bulkresend.directory.DirectoryUser;
import org.bulkresend.directory.Directory;
import org.bulkresend.directory.PasswordSignIn;
import org.bulkresend.password.Secret;

/**
 * The operator signs in before anything is touched. Every attempt is audited.
 * <p>
 * In the embedded directory the operator gives their own directory password. An unknown
 * operator and a wrong password get the same answer, so that the tool does not tell who exists;
 * repeated failures wait longer and longer before the answer.
 * <p>
 * In Active Directory the operator binds as themselves, so that the domain's own delegation decides
 * whom they may reset; with a service account ({@code --bind-as}) they are, as with Graph, the admin
 * on whose behalf it acts.
 * <p>
 * With Microsoft Graph, the app's credential is what signs in (whoever holds it can act); the
 * operator is the admin on whose behalf it acts. They must be in the directory, enabled, and hold
 * a role that may reset passwords: their roles decide whom the run may reset, and the audit trail
 * names them.
 */
public class OperatorSignIn {

    static final Duration FAILURE_WINDOW = Duration.ofMinutes(15);

    static final Duration MAX_DELAY = Duration.ofSeconds(30);

    private final Directory directory;

    private final AuditTrail audit;

    private final Clock clock;

    private final Duration failureDelay;

    /** @param failureDelay the wait after one recent failure; it doubles with each further one */
    private final Consumer<Duration> sleep;

    public OperatorSignIn(Directory directory, AuditTrail audit, Clock clock, Duration failureDelay) {
        this(directory, audit, clock, failureDelay, OperatorSignIn::sleep);
    }

    OperatorSignIn(Directory directory, AuditTrail audit, Clock clock, Duration failureDelay,
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
            return signIn(operator, () -> password);
        }
        finally {
            password.destroy();
        }
    }

    /**
     * The signed-in operator. The password is asked for only if the directory checks it, and is
     * destroyed either way.
     */
    public DirectoryUser signIn(String operator, Supplier<Secret> password) {
        if (this.directory instanceof BindSignIn bind && bind.bindsAsOperator()) {
            return bindAs(bind, operator, password.get());
        }
        if (!(this.directory instanceof PasswordSignIn passwords)) {
            return actFor(operator);
        }
        Secret secret = password.get();
        try {
            slowDownAfterFailures(operator);
            DirectoryUser user = this.directory.find(operator).orElse(null);
            if (user == null) {
                throw refuse(operator, "no such user", "Sign-in refused for " + operator
                        + ": unknown operator or wrong password.");
            }
            if (!passwords.hasPassword(operator)) {
                // The same answer as a wrong password, so that the console does not tell who exists; the
                // audit trail, which only admins read, says what to fix.
                throw refuse(operator, "no password of their own: import one for them (the directory file's "
                        + "password column)", "Sign-in refused for " + operator
                        + ": unknown operator or wrong password.");
            }
            if (!passwords.verifyPassword(operator, secret)) {
                throw refuse(operator, "wrong password", "Sign-in refused for " + operator
                        + ": unknown operator or wrong password.");
            }
            return admit(operator, user, null);
        }
        finally {
            secret.destroy();
        }
    }

    /**
     * The operator binds to the directory as themselves (Active Directory): the directory checks the
     * password, and from then on acts, and answers look-ups, with the operator's own permissions.
     */
    private DirectoryUser bindAs(BindSignIn bind, String operator, Secret secret) {
        try {
            slowDownAfterFailures(operator);
            Optional<String> refused = bind.bind(operator, secret);
            if (refused.isPresent()) {
                throw refuse(operator, refused.get(), "Sign-in refused for " + operator
                        + ": unknown operator or wrong password (the domain controller refused the bind).");
            }
            DirectoryUser user = this.directory.find(operator).orElse(null);
            if (user == null) {
                throw refuse(operator, "bound, but not found as a user under the base DN", "The operator " + operator
                        + " signed in but is not a user under the directory's base DN: give your own user principal "
                        + "name (or DOMAIN\\name) with --operator, or the right --base-dn.");
            }
            return admit(operator, user, "bound to the directory as themselves");
        }
        finally {
            secret.destroy();
        }
    }

    /** The operator on whose behalf the app acts (Microsoft Graph), checked in the directory. */
    private DirectoryUser actFor(String operator) {
        DirectoryUser user = this.directory.find(operator).orElse(null);
        if (user == null) {
            throw refuse(operator, "no such user", "The operator " + operator + " is not in the directory: give "
                    + "your own user principal name with --operator.");
        }
        return admit(operator, user, "acting through the app registration");
    }

    private DirectoryUser admit(String operator, DirectoryUser user, String how) {
        if (user.state() != AccountState.ACTIVE) {
            throw refuse(operator, "account " + user.state().name(), "Sign-in refused for " + operator
                    + ": the account is " + user.state().description() + ".");
        }
        Optional<String> refusal = ResetPermissions.signInRefusal(this.directory.accessRules(), user.roles());
        if (refusal.isPresent()) {
            throw refuse(operator, "no resetting role", "Sign-in refused for " + operator + ": " + refusal.get() + ".");
        }
        this.audit.record(operator, null, Action.SIGN_IN, "SUCCEEDED", how, null);
        return user;
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
