package org.bulkresend.input;

import java.util.ArrayList;
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
 * @param passwordNeedsConsent the password column is a creation password from a template
 * (written into a spreadsheet, never delivered), used only with {@code --use-supplied-passwords}
 */
public record ColumnMapping(List<String> headers, int userPrincipalName, int notifyAddress, int displayName,
        int language, int timeZone, int password, boolean passwordNeedsConsent) {

    /** The accepted header names per column, in the form {@link #normalize(String)} gives. */
    static final Map<String, List<String>> ALIASES = Map.of(
            "user principal name", List.of("userprincipalname", "upn", "username"),
            "notification address", List.of("alternateemail", "alternateemailaddress", "alternateemailaddresses",
                    "notifyemail", "notificationemail"),
            "display name", List.of("displayname"),
            "preferred language", List.of("preferredlanguage", "language"),
            "time zone", List.of("timezone", "tz"),
            "password", List.of("password"),
            "creation password", List.of("passwordprofile", "initialpassword"));

    /** How many header names an error message shows at most: see {@link #headersForMessage}. */
    static final int SHOWN_HEADERS = 5;

    /** How long a header name an error message shows is at most, before an ellipsis. */
    static final int SHOWN_HEADER_LENGTH = 24;

    private static final Pattern BRACKETED = Pattern.compile("\\[([^\\]]+)\\]");

    public static ColumnMapping of(List<String> headers) {
        int upn = find(headers, "user principal name");
        if (upn < 0) {
            throw new InputRejectedException("The input file has no user principal name column. Accepted names: "
                    + "userPrincipalName, UPN, User Name, User principal name, or an Entra template's "
                    + "'[userPrincipalName]'. Headers found: " + headersForMessage(headers) + ".");
        }
        int password = find(headers, "password");
        int creationPassword = find(headers, "creation password");
        return new ColumnMapping(List.copyOf(headers), upn, find(headers, "notification address"),
                find(headers, "display name"), find(headers, "preferred language"), find(headers, "time zone"),
                (password >= 0) ? password : creationPassword, password < 0 && creationPassword >= 0);
    }

    /**
     * The headers of a file that turned out not to be a usable CSV, as a message may show them. The
     * wrong file may be a {@code .env}, key=value or YAML file, or a binary one, whose first line
     * holds secrets or noise rather than names. So: at most the first {@value #SHOWN_HEADERS}, each
     * cut to {@value #SHOWN_HEADER_LENGTH} characters, nothing from the line's first {@code =} or
     * {@code :} on, and control characters as {@code ?}.
     */
    public static String headersForMessage(List<String> headers) {
        List<String> shown = new ArrayList<>();
        for (String header : headers) {
            if (shown.size() == SHOWN_HEADERS) {
                break;
            }
            int value = indexOfAny(header, "=:");
            String name = (value >= 0) ? header.substring(0, value) : header;
            if (name.length() > SHOWN_HEADER_LENGTH) {
                name = name.substring(0, SHOWN_HEADER_LENGTH) + "\u2026";
            }
            if (value >= 0) {
                // "DB_PASSWORD=hunter2": the name may help, the value must not be shown; and every
                // field after it on the line is part of a value too ("KEY=a,b,c").
                shown.add("'" + visible(name) + header.charAt(value) + "\u2026'");
                break;
            }
            shown.add("'" + visible(name) + "'");
        }
        int more = headers.size() - shown.size();
        return (shown.isEmpty() ? "none" : String.join(", ", shown)) + ((more > 0) ? " and " + more + " more" : "");
    }

    private static int indexOfAny(String text, String characters) {
        for (int i = 0; i < text.length(); i++) {
            if (characters.indexOf(text.charAt(i)) >= 0) {
                return i;
            }
        }
        return -1;
    }

    private static String visible(String text) {
        StringBuilder visible = new StringBuilder(text.length());
        text.codePoints().forEach((c) -> visible.appendCodePoint((Character.isISOControl(c)
                || Character.getType(c) == Character.FORMAT || Character.getType(c) == Character.SURROGATE
                || c == '\uFFFD') ? '?' : c));
        return visible.toString();
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

    /** One line per column, for {@code validate}. */
    public List<String> describe() {
        return List.of("user principal name  <- " + name(this.userPrincipalName),
                "notification address <- " + name(this.notifyAddress, "(none: the directory's alternate email is used)"),
                "display name         <- " + name(this.displayName, "(none: the directory's display name is used)"),
                "preferred language   <- " + name(this.language, "(none: the directory's preferred language is used)"),
                "time zone            <- " + name(this.timeZone, "(none: the directory's time zone is used, else "
                        + "--time-zone)"),
                "password             <- " + name(this.password, "(none: passwords are generated)")
                        + (this.passwordNeedsConsent ? " (a creation password: used only with --use-supplied-passwords)"
                                : ""));
    }

    private String name(int index) {
        return name(index, "(none)");
    }

    private String name(int index, String none) {
        return (index < 0) ? none : "'" + this.headers.get(index) + "'";
    }

    Optional<String> value(List<String> values, int index) {
        if (index < 0 || index >= values.size()) {
            return Optional.empty();
        }
        String value = values.get(index);
        return (value == null || value.isEmpty()) ? Optional.empty() : Optional.of(value);
    }
}
