package org.bulkresend.directory;

import java.util.Locale;
import java.util.Optional;

/** The Microsoft Entra admin roles that decide who may reset whose password. */
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
    GROUPS_ADMINISTRATOR("Groups Administrator");

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
