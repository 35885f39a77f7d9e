package org.bulkresend.address;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks, parses and masks email addresses. An address is a bare RFC 5322 addr-spec with a
 * dot-atom local part and a host name: the strict subset a person types into a spreadsheet cell.
 * Anything more (a display name, angle brackets, a second address, a quoted local part, an IP
 * address as the domain) is refused with a reason, because guessing which part was meant is how a
 * password ends up in a stranger's mailbox.
 * <p>
 * Longer than this project's usual 300 lines on purpose: the grammar (RFC 5322 addr-spec, the
 * sender's display name) and each refusal's reason are one set of rules, and most of the lines are
 * the reasons an admin reads.
 */
public final class EmailAddresses {

    /** RFC 5321 section 4.5.3.1.1, in UTF-8 bytes as RFC 6531 counts them. */
    public static final int MAX_LOCAL_PART = 64;

    /** RFC 5321 section 4.5.3.1.2. */
    public static final int MAX_DOMAIN = 255;

    /** RFC 5321's 256-octet path (section 4.5.3.1.3) less its two angle brackets. */
    public static final int MAX_ADDRESS = 254;

    /** RFC 1035 section 2.3.4. */
    public static final int MAX_LABEL = 63;

    /** The reason {@link #problem(String)} gives for a text with two or more addresses in it. */
    public static final String SEVERAL_ADDRESSES = "holds more than one address";

    /** Something that reads as an address inside other text: a local part, an at sign, a dotted domain. */
    private static final Pattern ADDRESS_IN_TEXT = Pattern
        .compile("[\\p{L}\\p{N}][\\p{L}\\p{N}._%+'!#$&*/=?^`{|}~-]*@[\\p{L}\\p{N}-]+(?:\\.[\\p{L}\\p{N}-]+)+");

    private static final String ATEXT_SYMBOLS = "!#$%&'*+-/=?^_`{|}~";

    /** Characters RFC 5322 calls specials, which an unquoted display name may not hold. */
    private static final String SPECIALS = "()<>[]:;@\\,\"";

    private EmailAddresses() {
    }

    /**
     * A sender as configured: {@code it@contoso.com}, {@code Contoso IT <it@contoso.com>} or
     * {@code "IT, Contoso" <it@contoso.com>}.
     *
     * @param personal the display name, unquoted, or null for none
     * @param address the address, which {@link #problem(String)} accepts
     */
    public record Mailbox(String personal, String address) {
    }

    /**
     * Why the text is not one valid address, as a phrase to put after the quoted text
     * ("contains a space", "holds more than one address", "has an empty domain label"), or empty
     * if it is one. The phrase never repeats the address.
     */
    public static Optional<String> problem(String address) {
        return Optional.ofNullable(check(address));
    }

    public static boolean isValid(String address) {
        return check(address) == null;
    }

    /** The part after the last {@code @}, lower-cased so two can be compared; empty if there is none. */
    public static String domain(String address) {
        if (address == null) {
            return "";
        }
        int at = address.lastIndexOf('@');
        return (at < 0) ? "" : address.substring(at + 1).toLowerCase(Locale.ROOT);
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

    /**
     * The text with every address in it masked as {@link #mask} masks one: a reason that quotes a
     * mail server ("550 5.1.1 &lt;jane.doe@example.net&gt;: no such user") shows no more of the
     * address than the report's address column does.
     */
    public static String maskEach(String text) {
        return maskEach(text, null);
    }

    /**
     * {@link #maskEach(String)}, but for the user's own name ({@code keep}, its case aside), which
     * the report shows in a column of its own.
     */
    public static String maskEach(String text, String keep) {
        if (text == null || text.indexOf('@') < 0) {
            return text;
        }
        return ADDRESS_IN_TEXT.matcher(text).replaceAll((match) -> Matcher.quoteReplacement(
                (keep != null && match.group().equalsIgnoreCase(keep)) ? match.group() : mask(match.group())));
    }

    /** The sender in the text, or empty if {@link #mailboxProblem(String)} finds a problem. */
    public static Optional<Mailbox> parseMailbox(String text) {
        return Optional.ofNullable(mailbox(text).mailbox());
    }

    /** Why the text is not one sender {@link #parseMailbox(String)} accepts, as a phrase; empty if it is one. */
    public static Optional<String> mailboxProblem(String text) {
        return Optional.ofNullable(mailbox(text).problem());
    }

    /** Either a mailbox or why the text is none. */
    private record Parsed(Mailbox mailbox, String problem) {

        static Parsed refused(String problem) {
            return new Parsed(null, problem);
        }
    }

    private static Parsed mailbox(String text) {
        if (text == null || text.isBlank()) {
            return Parsed.refused("is empty");
        }
        // A line break would let the text add header lines of its own to every message.
        if (text.indexOf('\r') >= 0 || text.indexOf('\n') >= 0) {
            return Parsed.refused("contains a line break");
        }
        String trimmed = text.strip();
        String personal;
        String rest;
        if (trimmed.startsWith("\"")) {
            StringBuilder name = new StringBuilder();
            int i = 1;
            boolean closed = false;
            while (i < trimmed.length()) {
                char c = trimmed.charAt(i++);
                if (c == '\\' && i < trimmed.length()) {
                    name.append(trimmed.charAt(i++));
                }
                else if (c == '"') {
                    closed = true;
                    break;
                }
                else {
                    name.append(c);
                }
            }
            if (!closed) {
                return Parsed.refused("has a display name with no closing double quote");
            }
            personal = name.toString().strip();
            rest = trimmed.substring(i).strip();
            if (!rest.startsWith("<")) {
                return Parsed.refused("has a quoted display name but no address in angle brackets (< >) after it");
            }
        }
        else {
            int open = trimmed.indexOf('<');
            if (open < 0) {
                String problem = check(trimmed);
                return (problem != null) ? Parsed.refused(problem) : new Parsed(new Mailbox(null, trimmed), null);
            }
            personal = trimmed.substring(0, open).strip();
            rest = trimmed.substring(open);
            for (int i = 0; i < personal.length(); i++) {
                if (SPECIALS.indexOf(personal.charAt(i)) >= 0) {
                    return Parsed.refused("has the character '" + personal.charAt(i) + "' in its display name; put "
                            + "the name in double quotes");
                }
            }
        }
        if (personal.codePoints()
            .anyMatch((cp) -> Character.isISOControl(cp) || Character.getType(cp) == Character.FORMAT)) {
            return Parsed.refused("has an invisible character in its display name");
        }
        if (!rest.endsWith(">") || rest.indexOf('>') != rest.length() - 1) {
            return Parsed.refused((rest.indexOf('>') < 0) ? "has no closing > after the address"
                    : "has text after the closing >");
        }
        String address = rest.substring(1, rest.length() - 1);
        String problem = check(address);
        if (problem != null) {
            return Parsed.refused("has an invalid address between < and >, which " + problem);
        }
        return new Parsed(new Mailbox(personal.isEmpty() ? null : personal, address), null);
    }

    /** The reason the text is not one valid address, or null. */
    private static String check(String address) {
        if (address == null || address.isBlank()) {
            return "is empty";
        }
        if (address.indexOf('\r') >= 0 || address.indexOf('\n') >= 0) {
            return "contains a line break";
        }
        if (holdsSeveral(address)) {
            return SEVERAL_ADDRESSES;
        }
        if (address.indexOf('<') >= 0 || address.indexOf('>') >= 0) {
            return "contains angle brackets (< >): give the bare address, without a name";
        }
        for (int i = 0; i < address.length();) {
            int cp = address.codePointAt(i);
            i += Character.charCount(cp);
            if (cp == ' ') {
                return "contains a space";
            }
            if (cp == '\t') {
                return "contains a tab";
            }
            if (Character.isWhitespace(cp) || Character.isSpaceChar(cp)) {
                return "contains a space character (" + describe(cp) + ")";
            }
            if (Character.isISOControl(cp) || Character.getType(cp) == Character.FORMAT) {
                return "contains the invisible character " + describe(cp);
            }
        }
        if (address.startsWith("\"")) {
            return "has a quoted local part (\"...\"@), which is not accepted";
        }
        int at = address.indexOf('@');
        if (at < 0) {
            return "is not a valid email address (it has no @)";
        }
        if (address.indexOf('@', at + 1) >= 0) {
            return "contains more than one @";
        }
        String local = address.substring(0, at);
        String domain = address.substring(at + 1);
        if (local.isEmpty()) {
            return "has nothing before the @";
        }
        if (domain.isEmpty()) {
            return "has nothing after the @";
        }
        String problem = checkLocalPart(local);
        if (problem == null) {
            problem = checkDomain(domain);
        }
        if (problem == null && utf8Length(address) > MAX_ADDRESS) {
            return "is " + size(address) + " long; an address may have at most " + MAX_ADDRESS;
        }
        return problem;
    }

    /**
     * Two or more words with an {@code @}, however separated: {@code a@x.net; b@y.org}, or
     * {@code john smith@x.net} read wrongly. One word with an {@code @} among others is a single
     * address with a space in it, and reported as that.
     */
    private static boolean holdsSeveral(String text) {
        int withAt = 0;
        boolean inWord = false;
        boolean wordHasAt = false;
        for (int i = 0; i <= text.length(); i++) {
            int cp = (i < text.length()) ? text.charAt(i) : ' ';
            boolean separator = cp == ',' || cp == ';' || Character.isWhitespace(cp) || Character.isSpaceChar(cp);
            if (separator) {
                if (inWord && wordHasAt) {
                    withAt++;
                }
                inWord = false;
                wordHasAt = false;
            }
            else {
                inWord = true;
                wordHasAt |= cp == '@';
            }
        }
        return withAt > 1;
    }

    private static String checkLocalPart(String local) {
        if (local.startsWith(".")) {
            return "starts with a dot";
        }
        if (local.endsWith(".")) {
            return "has a dot right before the @";
        }
        if (local.contains("..")) {
            return "has two dots in a row before the @";
        }
        for (int i = 0; i < local.length();) {
            int cp = local.codePointAt(i);
            i += Character.charCount(cp);
            boolean allowed = (cp < 0x80) ? (isAsciiLetterOrDigit(cp) || cp == '.' || ATEXT_SYMBOLS.indexOf(cp) >= 0)
                    : isLetterOrNumber(cp);
            if (!allowed) {
                return "contains the character " + describe(cp) + ", which is not allowed before the @";
            }
        }
        if (utf8Length(local) > MAX_LOCAL_PART) {
            return "has " + size(local) + " before the @; at most " + MAX_LOCAL_PART + " are allowed";
        }
        return null;
    }

    private static String checkDomain(String domain) {
        if (domain.startsWith("[")) {
            return "has an address literal ([...]) as its domain, which is not accepted";
        }
        if (domain.startsWith(".")) {
            return "has an empty domain label (the domain starts with a dot)";
        }
        if (domain.endsWith(".")) {
            return "has an empty domain label (the domain ends with a dot)";
        }
        if (domain.contains("..")) {
            return "has an empty domain label (two dots in a row)";
        }
        String[] labels = domain.split("\\.", -1);
        if (labels.length < 2) {
            return "has no dot in its domain (it should be like example.net)";
        }
        for (String label : labels) {
            for (int i = 0; i < label.length();) {
                int cp = label.codePointAt(i);
                i += Character.charCount(cp);
                boolean allowed = (cp < 0x80) ? (isAsciiLetterOrDigit(cp) || cp == '-') : isLetterOrNumber(cp);
                if (!allowed) {
                    return "contains the character " + describe(cp) + ", which is not allowed in a domain";
                }
            }
            if (label.startsWith("-") || label.endsWith("-")) {
                return "has the domain label '" + label + "', which " + (label.startsWith("-") ? "starts" : "ends")
                        + " with a hyphen";
            }
            if (utf8Length(label) > MAX_LABEL) {
                return "has a domain label of " + size(label) + "; at most " + MAX_LABEL + " are allowed";
            }
        }
        if (labels[labels.length - 1].chars().allMatch((c) -> c >= '0' && c <= '9')) {
            return "has a domain ending in a number (an IP address is not accepted as a domain)";
        }
        if (utf8Length(domain) > MAX_DOMAIN) {
            return "has a domain of " + size(domain) + "; at most " + MAX_DOMAIN + " are allowed";
        }
        return null;
    }

    private static boolean isAsciiLetterOrDigit(int cp) {
        return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9');
    }

    /** {@code \p{L}} or {@code \p{N}}: internationalized addresses (RFC 6531) have letters of every script. */
    private static boolean isLetterOrNumber(int cp) {
        int type = Character.getType(cp);
        return Character.isLetter(cp) || type == Character.DECIMAL_DIGIT_NUMBER || type == Character.LETTER_NUMBER
                || type == Character.OTHER_NUMBER;
    }

    private static int utf8Length(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }

    /** The length as an admin would count it: characters for plain ASCII, else the bytes the limits count. */
    private static String size(String text) {
        int bytes = utf8Length(text);
        return (bytes == text.length()) ? bytes + " characters" : bytes + " bytes in UTF-8";
    }

    /**
     * {@code '_'} for a visible ASCII character, {@code U+212A KELVIN SIGN} for any other, so an
     * invisible or look-alike character can be found and replaced.
     */
    public static String describe(int codePoint) {
        if (codePoint > 0x20 && codePoint < 0x7f) {
            return "'" + (char) codePoint + "'";
        }
        String name = Character.getName(codePoint);
        return String.format(Locale.ROOT, "U+%04X", codePoint) + ((name != null) ? " " + name : "");
    }
}
