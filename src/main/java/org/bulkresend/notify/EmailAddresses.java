package org.bulkresend.notify;

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
}
