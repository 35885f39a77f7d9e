package org.bulkresend.password;

import java.security.SecureRandom;

/**
 * Generates temporary passwords that people can type from a printed or read-aloud message:
 * all four character classes (stronger than the policy's three), and none of the characters
 * that look alike in common fonts (O/0, l/1/I) or that mail clients mangle (quotes, spaces,
 * backslash).
 */
public final class PasswordGenerator {

    static final String LOWER = "abcdefghijkmnpqrstuvwxyz";

    static final String UPPER = "ABCDEFGHJKLMNPQRSTUVWXYZ";

    static final String DIGITS = "23456789";

    static final String SYMBOLS = "!#$%&*+-=?@^_";

    private static final String ALL = LOWER + UPPER + DIGITS + SYMBOLS;

    private static final String[] CLASSES = { LOWER, UPPER, DIGITS, SYMBOLS };

    private final SecureRandom random;

    private final int length;

    public PasswordGenerator(int length) {
        this(new SecureRandom(), length);
    }

    PasswordGenerator(SecureRandom random, int length) {
        if (length < 12 || length > PasswordPolicy.MAX_LENGTH) {
            throw new IllegalArgumentException(
                    "password length must be between 12 and " + PasswordPolicy.MAX_LENGTH + ", was " + length);
        }
        this.random = random;
        this.length = length;
    }

    /** This generator, or one making passwords of {@code minimum} characters where that is longer. */
    public PasswordGenerator atLeast(int minimum) {
        return (minimum > this.length) ? new PasswordGenerator(this.random, Math.min(minimum, PasswordPolicy.MAX_LENGTH))
                : this;
    }

    /** How many characters each password has. */
    public int length() {
        return this.length;
    }

    public Secret generate() {
        char[] chars = new char[this.length];
        for (int i = 0; i < CLASSES.length; i++) {
            chars[i] = pick(CLASSES[i]);
        }
        for (int i = CLASSES.length; i < chars.length; i++) {
            chars[i] = pick(ALL);
        }
        for (int i = chars.length - 1; i > 0; i--) {
            int j = this.random.nextInt(i + 1);
            char swap = chars[i];
            chars[i] = chars[j];
            chars[j] = swap;
        }
        return Secret.wrap(chars);
    }

    private char pick(String alphabet) {
        return alphabet.charAt(this.random.nextInt(alphabet.length()));
    }
}
