package org.bulkresend.notify;

import java.util.Optional;
import java.util.regex.Pattern;

/** Checks and masks email addresses. */
public final class EmailAddresses {

    /** A pragmatic check: one @, a local part, a dotted domain, no spaces, quotes or brackets. */
    private static final Pattern ADDRESS = Pattern
        .compile("^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~\\p{L}\\p{N}-]+@[A-Za-z0-9\\p{L}\\p{N}-]+(\\.[A-Za-z0-9\\p{L}\\p{N}-]+)+$");

    private EmailAddresses() {
    }

    public static boolean isValid(String address) {
        return address != null && address.length() <= 320 && ADDRESS.matcher(address).matches()
                && !address.startsWith(".") && !address.contains("..") && !address.contains(".@");
    }

    /** {@code jane.doe@example.net} becomes {@code j***@example.net}: enough to recognise, not to harvest. */
    public static String mask(String address) {
        if (address == null || address.isEmpty()) {
            return "";
        }
        int at = address.lastIndexOf('@');
        if (at <= 0) {
            return "***";
        }
        return address.charAt(0) + "***" + address.substring(at);
    }

    /** A sender: an optional display name and an address. */
    public record Mailbox(String personal, String address) {
    }

    /** {@code Contoso IT <it@contoso.com>} or {@code it@contoso.com}, the address strictly checked. */
    public static Optional<Mailbox> parseMailbox(String text) {
        if (text == null || text.indexOf('\r') >= 0 || text.indexOf('\n') >= 0) {
            return Optional.empty();
        }
        String trimmed = text.strip();
        int open = trimmed.lastIndexOf('<');
        if (open >= 0 && trimmed.endsWith(">")) {
            String address = trimmed.substring(open + 1, trimmed.length() - 1).strip();
            String personal = trimmed.substring(0, open).strip().replaceAll("^\"(.*)\"$", "$1");
            return isValid(address) ? Optional.of(new Mailbox(personal.isEmpty() ? null : personal, address))
                    : Optional.empty();
        }
        return isValid(trimmed) ? Optional.of(new Mailbox(null, trimmed)) : Optional.empty();
    }

    /** The domain of a valid address. */
    public static String domain(String address) {
        return address.substring(address.lastIndexOf('@') + 1);
    }
}
