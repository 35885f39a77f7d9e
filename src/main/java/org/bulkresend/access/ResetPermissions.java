package org.bulkresend.access;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.bulkresend.credential.CredentialKind;
import org.bulkresend.directory.AccessRules;
import org.bulkresend.directory.AdminRole;
import org.bulkresend.directory.DirectoryUser;

import static org.bulkresend.directory.AdminRole.AUTHENTICATION_ADMINISTRATOR;
import static org.bulkresend.directory.AdminRole.DIRECTORY_READERS;
import static org.bulkresend.directory.AdminRole.GLOBAL_ADMINISTRATOR;
import static org.bulkresend.directory.AdminRole.GROUPS_ADMINISTRATOR;
import static org.bulkresend.directory.AdminRole.GUEST_INVITER;
import static org.bulkresend.directory.AdminRole.HELPDESK_ADMINISTRATOR;
import static org.bulkresend.directory.AdminRole.MESSAGE_CENTER_READER;
import static org.bulkresend.directory.AdminRole.PASSWORD_ADMINISTRATOR;
import static org.bulkresend.directory.AdminRole.PRIVILEGED_AUTHENTICATION_ADMINISTRATOR;
import static org.bulkresend.directory.AdminRole.REPORTS_READER;
import static org.bulkresend.directory.AdminRole.USAGE_SUMMARY_REPORTS_READER;
import static org.bulkresend.directory.AdminRole.USER_ADMINISTRATOR;
import static org.bulkresend.directory.AdminRole.USER_EXPERIENCE_SUCCESS_MANAGER;

/**
 * Who may reset whose password, as Microsoft Entra ID enforces it (the "Who can reset
 * passwords" table of Microsoft's privileged roles documentation). A target holding several
 * roles needs the operator to be allowed for each of them; an operator holding several roles
 * gets the union of what each allows. Nobody resets their own password through the job.
 * <p>
 * A Temporary Access Pass follows Microsoft's own rule for it instead: an Authentication
 * Administrator may give one to users without an admin role, a Privileged Authentication
 * Administrator or a Global Administrator to anyone, and nobody to themselves.
 */
public final class ResetPermissions {

    /** Roles that can reset some passwords: an operator needs one of them to sign in at all. */
    public static final Set<AdminRole> RESETTING_ROLES = EnumSet.of(GLOBAL_ADMINISTRATOR,
            PRIVILEGED_AUTHENTICATION_ADMINISTRATOR, USER_ADMINISTRATOR, HELPDESK_ADMINISTRATOR,
            AUTHENTICATION_ADMINISTRATOR, PASSWORD_ADMINISTRATOR);

    private static final Set<AdminRole> PASSWORD_ADMIN_TARGETS = EnumSet.of(DIRECTORY_READERS, GUEST_INVITER,
            PASSWORD_ADMINISTRATOR);

    private static final Set<AdminRole> HELPDESK_ADMIN_TARGETS = union(PASSWORD_ADMIN_TARGETS,
            EnumSet.of(HELPDESK_ADMINISTRATOR, MESSAGE_CENTER_READER, REPORTS_READER, USAGE_SUMMARY_REPORTS_READER,
                    USER_EXPERIENCE_SUCCESS_MANAGER));

    private static final Set<AdminRole> AUTHENTICATION_ADMIN_TARGETS = union(
            minus(HELPDESK_ADMIN_TARGETS, HELPDESK_ADMINISTRATOR), EnumSet.of(AUTHENTICATION_ADMINISTRATOR));

    private static final Set<AdminRole> USER_ADMIN_TARGETS = union(HELPDESK_ADMIN_TARGETS,
            EnumSet.of(GROUPS_ADMINISTRATOR, USER_ADMINISTRATOR));

    /**
     * For each resetting role, the admin roles of the targets it may reset. Every resetting role
     * may also reset users who hold no admin role.
     */
    private static final Map<AdminRole, Set<AdminRole>> MAY_RESET = new EnumMap<>(Map.of(GLOBAL_ADMINISTRATOR,
            EnumSet.allOf(AdminRole.class), PRIVILEGED_AUTHENTICATION_ADMINISTRATOR, EnumSet.allOf(AdminRole.class),
            USER_ADMINISTRATOR, USER_ADMIN_TARGETS, HELPDESK_ADMINISTRATOR, HELPDESK_ADMIN_TARGETS,
            AUTHENTICATION_ADMINISTRATOR, AUTHENTICATION_ADMIN_TARGETS, PASSWORD_ADMINISTRATOR,
            PASSWORD_ADMIN_TARGETS));

    /** The roles that may give a Temporary Access Pass to a user who holds an admin role. */
    private static final Set<AdminRole> PASS_TO_ADMINS = EnumSet.of(GLOBAL_ADMINISTRATOR,
            PRIVILEGED_AUTHENTICATION_ADMINISTRATOR);

    /** The roles that may give a Temporary Access Pass at all. */
    private static final Set<AdminRole> PASS_GIVING_ROLES = union(PASS_TO_ADMINS,
            EnumSet.of(AUTHENTICATION_ADMINISTRATOR));

    private ResetPermissions() {
    }

    /**
     * Why the operator may not give the target this kind of credential under these rules, or empty if
     * they may.
     */
    public static Optional<String> denial(AccessRules rules, DirectoryUser operator, DirectoryUser target,
            CredentialKind kind) {
        return (rules == AccessRules.DOMAIN_DELEGATION) ? DomainPermissions.denial(operator, target, kind)
                : denial(operator, target, kind);
    }

    /**
     * Why the operator may not sign in to reset anyone under these rules, or empty if they may: under
     * Microsoft Entra's, they need a role that resets passwords; in a domain, its delegation decides
     * per user.
     */
    public static Optional<String> signInRefusal(AccessRules rules, Set<AdminRole> operatorRoles) {
        if (rules == AccessRules.DOMAIN_DELEGATION || canResetAnyone(operatorRoles)) {
            return Optional.empty();
        }
        return Optional.of("the account holds no role that may reset passwords (Global, Privileged Authentication, "
                + "User, Helpdesk, Authentication or Password Administrator)");
    }

    /** True if the operator holds a role that may give a Temporary Access Pass to someone. */
    private static boolean givesPasses(Set<AdminRole> operatorRoles) {
        return operatorRoles.stream().anyMatch(PASS_GIVING_ROLES::contains);
    }

    /** True if the operator holds a role that can reset anyone's password. */
    public static boolean canResetAnyone(Set<AdminRole> operatorRoles) {
        return operatorRoles.stream().anyMatch(RESETTING_ROLES::contains);
    }

    /**
     * The admin roles of the users an operator with these roles may reset the password of, on top of
     * users who hold no admin role (whom any resetting role may reset).
     */
    public static Set<AdminRole> resettableRoles(Set<AdminRole> operatorRoles) {
        Set<AdminRole> allowed = EnumSet.noneOf(AdminRole.class);
        operatorRoles.forEach((role) -> allowed.addAll(MAY_RESET.getOrDefault(role, Set.of())));
        return allowed;
    }

    /** True if an operator with these roles may give nobody this kind of credential under these rules. */
    public static boolean mayResetNobody(AccessRules rules, Set<AdminRole> operatorRoles, CredentialKind kind) {
        if (rules == AccessRules.DOMAIN_DELEGATION) {
            return false;
        }
        return (kind == CredentialKind.TAP) ? !givesPasses(operatorRoles) : !canResetAnyone(operatorRoles);
    }

    /**
     * Whom an operator with these roles may give this kind of credential, in words, for
     * {@code check}: the same rules as {@link #denial(AccessRules, DirectoryUser, DirectoryUser, CredentialKind)}.
     */
    public static String whomTheyMayReset(AccessRules rules, Set<AdminRole> operatorRoles, CredentialKind kind) {
        if (rules == AccessRules.DOMAIN_DELEGATION) {
            return "the users the domain's delegation lets them reset, each checked by the domain; protected "
                    + "accounts (adminCount=1) only as a member of Domain Admins or Enterprise Admins; never "
                    + "their own account";
        }
        if (mayResetNobody(rules, operatorRoles, kind)) {
            return (kind == CredentialKind.TAP) ? "nobody: a Temporary Access Pass takes an Authentication "
                    + "Administrator, a Privileged Authentication Administrator or a Global Administrator"
                    : "nobody: they hold no role that may reset passwords";
        }
        if (kind == CredentialKind.TAP) {
            return operatorRoles.stream().anyMatch(PASS_TO_ADMINS::contains) ? "anyone but themselves"
                    : "users without an admin role, not themselves";
        }
        Set<AdminRole> allowed = resettableRoles(operatorRoles);
        if (allowed.containsAll(EnumSet.allOf(AdminRole.class))) {
            return "anyone but themselves";
        }
        return "users without an admin role and users holding only the " + allowed.stream()
            .map(AdminRole::displayName).sorted().collect(Collectors.joining(", ")) + " roles; not themselves";
    }

    /** Why the operator may not give the target this kind of credential, or empty if they may. */
    public static Optional<String> denial(DirectoryUser operator, DirectoryUser target, CredentialKind kind) {
        return (kind == CredentialKind.TAP) ? passDenial(operator, target) : denial(operator, target);
    }

    /** Why the operator may not reset the target's password, or empty if they may. */
    public static Optional<String> denial(DirectoryUser operator, DirectoryUser target) {
        if (operator.key().equals(target.key())) {
            return Optional.of("operators do not reset their own password through bulk-resend: use self-service "
                    + "password reset");
        }
        Set<AdminRole> allowed = resettableRoles(operator.roles());
        if (!canResetAnyone(operator.roles())) {
            return Optional.of("the operator holds no role that may reset passwords");
        }
        Set<AdminRole> missing = minus(target.roles(), allowed);
        if (missing.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of("the user holds the " + missing.stream().map(AdminRole::displayName).sorted()
            .collect(Collectors.joining(", ")) + " role" + ((missing.size() > 1) ? "s" : "") + ", which "
                + rolesOf(operator) + " may not reset");
    }

    private static Optional<String> passDenial(DirectoryUser operator, DirectoryUser target) {
        if (operator.key().equals(target.key())) {
            return Optional.of("operators do not give themselves a Temporary Access Pass through bulk-resend");
        }
        if (!givesPasses(operator.roles())) {
            return Optional.of(rolesOf(operator) + " may not give a Temporary Access Pass: it takes an "
                    + "Authentication Administrator, a Privileged Authentication Administrator or a Global "
                    + "Administrator");
        }
        if (target.roles().isEmpty() || operator.roles().stream().anyMatch(PASS_TO_ADMINS::contains)) {
            return Optional.empty();
        }
        return Optional.of("the user holds the " + target.roles().stream().map(AdminRole::displayName).sorted()
            .collect(Collectors.joining(", ")) + " role" + ((target.roles().size() > 1) ? "s" : "")
                + ": a Temporary Access Pass for a user with an admin role takes a Privileged Authentication "
                + "Administrator or a Global Administrator, and " + rolesOf(operator) + " is neither");
    }

    /** "a Password Administrator", "an Authentication Administrator and Helpdesk Administrator". */
    private static String rolesOf(DirectoryUser operator) {
        String roles = operator.roles().stream().filter(RESETTING_ROLES::contains).map(AdminRole::displayName)
            .sorted().collect(Collectors.joining(" and "));
        return (roles.startsWith("A") ? "an " : "a ") + roles;
    }

    private static Set<AdminRole> union(Set<AdminRole> a, Set<AdminRole> b) {
        Set<AdminRole> all = EnumSet.noneOf(AdminRole.class);
        all.addAll(a);
        all.addAll(b);
        return all;
    }

    private static Set<AdminRole> minus(Set<AdminRole> a, AdminRole b) {
        return minus(a, EnumSet.of(b));
    }

    private static Set<AdminRole> minus(Set<AdminRole> a, Set<AdminRole> b) {
        Set<AdminRole> rest = EnumSet.noneOf(AdminRole.class);
        rest.addAll(a);
        rest.removeAll(b);
        return rest;
    }
}
