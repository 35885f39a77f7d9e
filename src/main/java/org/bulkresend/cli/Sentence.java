package org.bulkresend.cli;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What the console prints as a full sentence: it starts with a capital letter where it starts with
 * a plain word, and it ends with a full stop, a question mark or an exclamation mark. A message
 * that starts with a name (an option, a path, an address) keeps it as it is.
 */
final class Sentence {

    /** A first word of lower-case letters only, followed by a space: "cannot read ...", not "jane@x ...". */
    private static final Pattern PLAIN_FIRST_WORD = Pattern.compile("^\\p{Ll}+[ ,]");

    private Sentence() {
    }

    static String of(String message) {
        String text = (message != null) ? message.strip() : "";
        if (text.isEmpty()) {
            return text;
        }
        if (PLAIN_FIRST_WORD.matcher(text).find()) {
            text = text.substring(0, 1).toUpperCase(Locale.ROOT) + text.substring(1);
        }
        char last = text.charAt(text.length() - 1);
        return (last == '.' || last == '?' || last == '!' || last == '。') ? text : text + ".";
    }
}
