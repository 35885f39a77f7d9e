package org.bulkresend.directory.internal;

import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.ResultCode;
import org.bulkresend.directory.Directory.ResetResult;
import org.bulkresend.directory.DirectoryRefusedException;
import org.bulkresend.directory.DirectoryUser;

/**
 * What the domain controller's answers mean for a user and for the run, with its own words kept:
 * its password policy ({@code 0000052D}) fails the reset with the domain's reason, a missing right
 * denies it, and a look-up it refuses is the set-up's fault.
 */
final class DomainAnswers {

    private DomainAnswers() {
    }

    /** A reset the server answered with something other than success, on a connection still usable. */
    static ResetResult reset(DirectoryUser user, LDAPException ex) {
        return reset(user, ex, false);
    }

    /**
     * The same, for a reset that would also have unlocked the locked-out user.
     *
     * @param unlocking the modify also set {@code lockoutTime} to 0
     */
    static ResetResult reset(DirectoryUser user, LDAPException ex, boolean unlocking) {
        String said = ex.getResultCode() + ": " + ex.getDiagnosticMessage();
        ResultCode code = ex.getResultCode();
        if (unlocking && code == ResultCode.INSUFFICIENT_ACCESS_RIGHTS) {
            return ResetResult.denied(user, "the account is locked out, and the domain refused to reset and unlock it ("
                    + said + "): unlocking needs write lockoutTime on the user's OU besides \"Reset password\" and write "
                    + "pwdLastSet; or unlock it in the domain first. A password told to a locked-out user would not let "
                    + "them in, so it was not reset");
        }
        if (code == ResultCode.CONSTRAINT_VIOLATION) {
            return ResetResult.failed(user, "the domain refused the new password under its password policy (" + said + ")");
        }
        if (code == ResultCode.INSUFFICIENT_ACCESS_RIGHTS) {
            return ResetResult.denied(user, "the domain refused the reset (" + said + "): the operator needs \"Reset "
                    + "password\" and write pwdLastSet on the user's OU");
        }
        if (code == ResultCode.NO_SUCH_OBJECT) {
            return ResetResult.gone(user, "the user is no longer in the domain (" + said + ")");
        }
        if (code == ResultCode.UNWILLING_TO_PERFORM) {
            return ResetResult.failed(user, "the domain would not set the password (" + said + "); Active Directory "
                    + "sets passwords only over an encrypted connection, with a password its policy accepts");
        }
        return ResetResult.failed(user, "the domain refused the reset (" + said + ")");
    }

    /** A search that failed: the server gone (the run stops, exit 3), or a refusal (the set-up, exit 2). */
    static RuntimeException lookUp(DomainConnection connection, LDAPException ex) {
        if (!ex.getResultCode().isConnectionUsable()) {
            return connection.unavailable("look users up", ex);
        }
        return new DirectoryRefusedException("The domain controller " + connection + " refused to look users up ("
                + ex.getResultCode() + ": " + ex.getDiagnosticMessage() + "): check --base-dn and that the account "
                + "bound may read users. Nothing was changed.");
    }

    static DirectoryRefusedException serviceAccountRefused(String account, String answer) {
        return new DirectoryRefusedException("The service account " + account + " could not bind (" + answer + "): check "
                + "--bind-as and its password (env BULK_RESEND_LDAP_BIND_PASSWORD or --bind-password-file). Nothing was "
                + "changed.");
    }
}
