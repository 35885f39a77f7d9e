package org.bulkresend.access;

import java.util.Optional;
import java.util.Set;

import org.bulkresend.credential.CredentialKind;
import org.bulkresend.directory.AdminRole;
import org.bulkresend.directory.DirectoryUser;

/**
 * bulk-resend's own rules for an Active Directory domain, on top of the domain's delegation (which
 * the domain controller applies to the operator's own bind): a protected account
 * ({@code adminCount=1}) is reset only by a member of Domain Admins or Enterprise Admins, directly
 * or through nested groups, since a delegated helpdesk right on an OU must not reach an admin
 * who happens to sit in it; and nobody resets their own account.
 */
final class DomainPermissions {

    private static final Set<AdminRole> MAY_RESET_PROTECTED = Set.of(AdminRole.DOMAIN_ADMINS,
            AdminRole.ENTERPRISE_ADMINS);

    private DomainPermissions() {
    }

    static Optional<String> denial(DirectoryUser operator, DirectoryUser target, CredentialKind kind) {
        if (kind == CredentialKind.TAP) {
            return Optional.of("Active Directory has no Temporary Access Passes");
        }
        if (operator.key().equals(target.key())) {
            return Optional.of("operators do not reset their own password through bulk-resend: change it yourself "
                    + "(Ctrl+Alt+Del, Change a password)");
        }
        if (target.roles().contains(AdminRole.PROTECTED_ACCOUNT)
                && operator.roles().stream().noneMatch(MAY_RESET_PROTECTED::contains)) {
            return Optional.of("the user is a protected account (adminCount=1: a member, now or before, of a group "
                    + "such as Domain Admins, Administrators or Account Operators), which only a member of Domain "
                    + "Admins or Enterprise Admins may reset; the operator is neither");
        }
        return Optional.empty();
    }
}
