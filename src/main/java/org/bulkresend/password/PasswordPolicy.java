package org.bulkresend.password;

import java.util.Optional;

/**
 * The Microsoft Entra ID password policy for cloud accounts: 8 to 256 characters, at least
 * three of lower case, upper case, digits and symbols, and only characters Entra accepts.
 * Checking here, before the reset, turns a directory refusal into a clear per-row reason.
 */
public final class PasswordPolicy {

    public static final int MIN_LENGTH = 8;

    public static final int MAX_LENGTH = 256;

    /** The symbols Entra ID accepts in a password (besides the space). */
    public static final String ALLOWED_SYMBOLS = "@#$%^&*-_!+=[]{}|\\:',.?/`~\"();<> ";

    private PasswordPolicy() {
    }

    /** Why the password does not meet the policy, or empty if it does. Never echoes it. */
    public static Optional<String> violation(Secret password) {
        int length = password.length();
        if (length < MIN_LENGTH || length > MAX_LENGTH) {
            return Optional.of("must be " + MIN_LENGTH + " to " + MAX_LENGTH + " characters long, has " + length);
        }
        boolean lower = false;
        boolean upper = false;
        boolean digit = false;
        boolean symbol = false;
        for (int i = 0; i < length; i++) {
            char c = password.charAt(i);
            if (c >= 'a' && c <= 'z') {
                lower = true;
            }
            else if (c >= 'A' && c <= 'Z') {
                upper = true;
            }
            else if (c >= '0' && c <= '9') {
                digit = true;
            }
            else if (ALLOWED_SYMBOLS.indexOf(c) >= 0) {
                symbol = true;
            }
            else {
                return Optional.of("contains a character the directory does not accept (position " + (i + 1) + ")");
            }
        }
        int classes = (lower ? 1 : 0) + (upper ? 1 : 0) + (digit ? 1 : 0) + (symbol ? 1 : 0);
        if (classes < 3) {
            return Optional.of("must contain at least 3 of: lower case, upper case, digits, symbols (has " + classes + ")");
        }
        return Optional.empty();
    }
}
