package org.bulkresend.cli;

/**
 * Text that came from outside (a directory's display names, an operator name as typed) as the
 * terminal should show it. An escape sequence in a name would otherwise be run by the terminal:
 * recolour or clear the screen, rewrite the line above, or set the window title. Bidirectional
 * overrides would show a name backwards. Each such character is shown as its code instead:
 * ESC as {@code \x1B}, U+202E as {@code \u202E}.
 */
final class Printable {

    private Printable() {
    }

    static String of(String text) {
        if (text == null) {
            return null;
        }
        StringBuilder shown = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            String code = Character.isISOControl(c) ? String.format("\\x%02X", (int) c)
                    : hidden(c) ? String.format("\\u%04X", (int) c) : null;
            if (code != null && shown == null) {
                shown = new StringBuilder(text.length() + 8).append(text, 0, i);
            }
            if (shown != null) {
                if (code != null) {
                    shown.append(code);
                }
                else {
                    shown.append(c);
                }
            }
        }
        return (shown != null) ? shown.toString() : text;
    }

    /** Line breaks a terminal honours beyond the control characters, and the bidirectional controls. */
    private static boolean hidden(char c) {
        return c == '\u2028' || c == '\u2029' || c == '\u061C' || c == '\u200E' || c == '\u200F'
                || (c >= '\u202A' && c <= '\u202E') || (c >= '\u2066' && c <= '\u2069');
    }
}
