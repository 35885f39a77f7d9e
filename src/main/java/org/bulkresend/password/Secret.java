package org.bulkresend.password;

import java.util.Arrays;

/**
 * A password held in memory only. It never renders itself: {@link #toString()} is masked, it
 * is not {@link java.io.Serializable}, and {@link #destroy()} wipes it once the message that
 * carries it has been handed to the mail channel. Anything that needs the characters asks
 * for them explicitly, which keeps every place a secret leaves memory easy to find.
 */
public final class Secret implements AutoCloseable {

    private final char[] value;

    private boolean destroyed;

    private Secret(char[] value) {
        this.value = value;
    }

    /** Takes ownership of the array: the caller must not keep or reuse it. */
    public static Secret wrap(char[] value) {
        return new Secret(value);
    }

    public static Secret of(CharSequence value) {
        char[] chars = new char[value.length()];
        for (int i = 0; i < chars.length; i++) {
            chars[i] = value.charAt(i);
        }
        return new Secret(chars);
    }

    public int length() {
        return this.value.length;
    }

    public char charAt(int index) {
        checkAlive();
        return this.value[index];
    }

    /** The plaintext, for the one place that must write it: the outgoing message. */
    public String reveal() {
        checkAlive();
        return new String(this.value);
    }

    public void destroy() {
        Arrays.fill(this.value, '\0');
        this.destroyed = true;
    }

    @Override
    public void close() {
        destroy();
    }

    private void checkAlive() {
        if (this.destroyed) {
            throw new IllegalStateException("secret already destroyed");
        }
    }

    @Override
    public String toString() {
        return "[secret]";
    }
}
