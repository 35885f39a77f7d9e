package org.bulkresend.job;

import java.util.Optional;

import org.bulkresend.access.ResetPermissions;
import org.bulkresend.address.EmailAddresses;
import org.bulkresend.credential.CredentialKind;
import org.bulkresend.directory.AccessRules;
import org.bulkresend.directory.AccountState;
import org.bulkresend.directory.DirectoryUser;
import org.bulkresend.input.ResendRequest;
import org.bulkresend.ledger.Status;
import org.bulkresend.password.PasswordPolicy;

/**
 * Decides, without changing anything, whether a row's user may be reset and told: the user
 * exists, the operator may reset them, they are active, the message can go to an address they can read today, and a supplied
 * password meets the policy.
 */
final class Eligibility {

    private Eligibility() {
    }

    /** The decision of a run that gives temporary passwords. */
    static ResendItem decide(ResendRequest request, DirectoryUser user, DirectoryUser operator) {
        return decide(request, user, operator, CredentialKind.PASSWORD);
    }

    /** The decision of a run that gives this credential under Microsoft Entra's rules. */
    static ResendItem decide(ResendRequest request, DirectoryUser user, DirectoryUser operator,
            CredentialKind credential) {
        return decide(request, user, operator, credential, AccessRules.ENTRA_ROLES);
    }

    /**
     * @param credential what the run gives: who may give a Temporary Access Pass is not who may reset a password
     * @param rules the directory's rules of who may reset whom
     */
    static ResendItem decide(ResendRequest request, DirectoryUser user, DirectoryUser operator,
            CredentialKind credential, AccessRules rules) {
        if (!request.isValid()) {
            return ResendItem.rejected(request, user, request.notifyAddress(), Status.REJECTED_INVALID_ROW,
                    request.problem());
        }
        if (user == null) {
            return ResendItem.rejected(request, null, request.notifyAddress(), Status.REJECTED_UNKNOWN_USER,
                    "no user '" + request.userPrincipalName() + "' in the directory");
        }
        Optional<String> denial = ResetPermissions.denial(rules, operator, user, credential);
        if (denial.isPresent()) {
            return ResendItem.rejected(request, user, request.notifyAddress(), Status.DENIED_NOT_PERMITTED,
                    denial.get());
        }
        if (user.state() != AccountState.ACTIVE) {
            return ResendItem.rejected(request, user, request.notifyAddress(), Status.REJECTED_NOT_ACTIVE,
                    "the account is " + user.state().description() + "; " + user.state().remedy());
        }
        String address = (request.notifyAddress() != null) ? request.notifyAddress() : user.alternateEmail();
        if (address == null || address.isBlank()) {
            return ResendItem.rejected(request, user, null, Status.REJECTED_UNREACHABLE_ADDRESS,
                    "no notification address in the row and no alternate email in the directory");
        }
        Optional<String> malformed = EmailAddresses.problem(address);
        if (malformed.isPresent()) {
            String reason = (request.notifyAddress() != null)
                    ? "the row's notification address '" + address + "' " + malformed.get()
                    : "the directory's alternate email '" + address + "' " + malformed.get()
                            + "; give the user's address in the row, or correct the directory";
            return ResendItem.rejected(request, user, address, Status.REJECTED_UNREACHABLE_ADDRESS, reason);
        }
        if (user.isOwnMailbox(address)) {
            return ResendItem.rejected(request, user, address, Status.REJECTED_UNREACHABLE_ADDRESS,
                    "'" + address + "' is the user's own mailbox, which they cannot open before they know "
                            + "their password; give an address outside the tenant");
        }
        if (request.suppliedPassword() != null) {
            Optional<String> violation = PasswordPolicy.violation(request.suppliedPassword());
            if (violation.isPresent()) {
                return ResendItem.rejected(request, user, address, Status.REJECTED_INVALID_ROW,
                        "the supplied password does not meet the password policy: it " + violation.get());
            }
        }
        return ResendItem.eligible(request, user, address);
    }
}
