package org.bulkresend.directory;

import java.util.Locale;
import java.util.Optional;

/**
 * The Microsoft Entra admin roles that decide who may reset whose password; and, for an Active
 * Directory user, what bulk-resend's own rules about protected accounts look at: membership (direct
 * or through nested groups) of Domain Admins or Enterprise Admins, and being a protected account.
 */
public enum AdminRole {

    GLOBAL_ADMINISTRATOR("Global Administrator"),
    PRIVILEGED_AUTHENTICATION_ADMINISTRATOR("Privileged Authentication Administrator"),
    USER_ADMINISTRATOR("User Administrator"),
    HELPDESK_ADMINISTRATOR("Helpdesk Administrator"),
    AUTHENTICATION_ADMINISTRATOR("Authentication Administrator"),
    PASSWORD_ADMINISTRATOR("Password Administrator"),
    DIRECTORY_READERS("Directory Readers"),
    GUEST_INVITER("Guest Inviter"),
    MESSAGE_CENTER_READER("Message Center Reader"),
    REPORTS_READER("Reports Reader"),
    USAGE_SUMMARY_REPORTS_READER("Usage Summary Reports Reader"),
    USER_EXPERIENCE_SUCCESS_MANAGER("User Experience Success Manager"),
    GROUPS_ADMINISTRATOR("Groups Administrator"),
    /** Active Directory: a member of the domain's Domain Admins group. */
    DOMAIN_ADMINS("Domain Admins"),
    /** Active Directory: a member of the forest's Enterprise Admins group. */
    ENTERPRISE_ADMINS("Enterprise Admins"),
    /**
     * Active Directory: {@code adminCount=1}, an account that is or was in a protected group (Domain
     * Admins, Administrators, Account Operators, ...), whose permissions the domain guards.
     */
    PROTECTED_ACCOUNT("protected account (adminCount=1)");

    private final String displayName;

    AdminRole(String displayName) {
        this.displayName = displayName;
    }

    public String displayName() {
        return this.displayName;
    }

    /** Accepts the display name ("Password Administrator") or the constant name, any case. */
    public static Optional<AdminRole> parse(String text) {
        String wanted = normalize(text);
        for (AdminRole role : values()) {
            if (normalize(role.name()).equals(wanted) || normalize(role.displayName).equals(wanted)) {
                return Optional.of(role);
            }
        }
        return Optional.empty();
    }

    private static String normalize(String text) {
        return text.trim().toLowerCase(Locale.ROOT).replaceAll("[\\s_-]+", "");
    }
}
