package org.bulkresend.input;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which column holds what, found by header name. Names are matched case-insensitively and
 * without spaces or punctuation, so {@code User principal name}, {@code userPrincipalName} and
 * {@code UPN} are the same column; an Entra template header such as
 * {@code User name [userPrincipalName] Required} is matched by its bracketed attribute.
 *
 * @param password the admin-supplied password column, or -1
 */
public record ColumnMapping(List<String> headers, int userPrincipalName, int notifyAddress, int displayName,
        int language, int password) {

    /** The accepted header names per column, in the form {@link #normalize(String)} gives. */
    static final Map<String, List<String>> ALIASES = Map.of(
            "user principal name", List.of("userprincipalname", "upn", "username"),
            "notification address", List.of("alternateemail", "alternateemailaddress", "alternateemailaddresses",
                    "notifyemail", "notificationemail"),
            "display name", List.of("displayname"),
            "preferred language", List.of("preferredlanguage", "language"),
            "password", List.of("password"));

    private static final Pattern BRACKETED = Pattern.compile("\\[([^\\]]+)\\]");

    public static ColumnMapping of(List<String> headers) {
        int upn = find(headers, "user principal name");
        if (upn < 0) {
            throw new InputRejectedException("The input file has no user principal name column. Accepted names: "
                    + "userPrincipalName, UPN, User Name, User principal name. Headers found: "
                    + String.join(", ", headers.stream().map((h) -> "'" + h + "'").toList()) + ".");
        }
        return new ColumnMapping(List.copyOf(headers), upn, find(headers, "notification address"),
                find(headers, "display name"), find(headers, "preferred language"), find(headers, "password"));
    }

    private static int find(List<String> headers, String column) {
        List<String> aliases = ALIASES.get(column);
        for (int i = 0; i < headers.size(); i++) {
            if (aliases.contains(normalize(headers.get(i)))) {
                return i;
            }
        }
        return -1;
    }

    static String normalize(String header) {
        Matcher bracketed = BRACKETED.matcher(header);
        String name = bracketed.find() ? bracketed.group(1) : header;
        return name.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}]", "");
    }

    Optional<String> value(List<String> values, int index) {
        if (index < 0 || index >= values.size()) {
            return Optional.empty();
        }
        String value = values.get(index);
        return (value == null || value.isEmpty()) ? Optional.empty() : Optional.of(value);
    }
}
