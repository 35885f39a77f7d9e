package org.bulkresend.input;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The kinds of file admins already have after a mass creation, told apart by their headers.
 * The format only names the file for the admin: columns are matched by name whatever it is.
 */
public enum InputFormat {

    ENTRA_BULK_CREATE("Microsoft Entra ID 'Bulk create users' template"),
    M365_ADD_USERS("Microsoft 365 admin center 'Add multiple users' template"),
    M365_EXPORT("Microsoft 365 admin center 'Export users' file"),
    ENTRA_DOWNLOAD("Microsoft Entra ID 'Download users' file"),
    PLAIN("bulk-resend CSV");

    private final String description;

    InputFormat(String description) {
        this.description = description;
    }

    public String description() {
        return this.description;
    }

    static InputFormat detect(List<String> headers, boolean versionLine) {
        Set<String> normalized = headers.stream().map(ColumnMapping::normalize).collect(Collectors.toSet());
        Set<String> exact = headers.stream().map(String::strip).collect(Collectors.toSet());
        boolean bracketed = headers.stream().anyMatch((h) -> h.toLowerCase(Locale.ROOT).contains("[userprincipalname]"));
        if (versionLine || bracketed) {
            return ENTRA_BULK_CREATE;
        }
        if (normalized.containsAll(Set.of("username", "firstname", "lastname", "alternateemailaddress"))) {
            return M365_ADD_USERS;
        }
        if (exact.stream().anyMatch("User principal name"::equalsIgnoreCase)) {
            return M365_EXPORT;
        }
        if (exact.contains("userPrincipalName")
                && (exact.contains("id") || exact.contains("accountEnabled") || exact.contains("alternateEmailAddress")
                        || exact.contains("userType"))) {
            return ENTRA_DOWNLOAD;
        }
        return PLAIN;
    }
}
