package org.bulkresend.directory;

import java.text.Normalizer;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import org.bulkresend.address.EmailAddresses;

/**
 * A user as the directory knows them. It carries no password and no hash: the hash stays
 * inside the directory implementation.
 *
 * @param mail the user's own mailbox address, if it differs from the principal name
 * @param alternateEmail an address outside the tenant that the user can already read
 * @param id the directory's own identifier of the user (Microsoft Graph's object id), or null
 * @param timeZone the user's time zone as the directory writes it (an IANA or a Windows name), or null
 */
public record DirectoryUser(String userPrincipalName, String displayName, String givenName, String surname,
        AccountState state, Set<AdminRole> roles, String mail, String alternateEmail, String preferredLanguage,
        boolean mustChangePassword, Instant passwordLastSet, String id, String timeZone) {

    public DirectoryUser {
        roles = Set.copyOf(roles);
    }

    /** A user whose directory gives no time zone. */
    public DirectoryUser(String userPrincipalName, String displayName, String givenName, String surname,
            AccountState state, Set<AdminRole> roles, String mail, String alternateEmail, String preferredLanguage,
            boolean mustChangePassword, Instant passwordLastSet, String id) {
        this(userPrincipalName, displayName, givenName, surname, state, roles, mail, alternateEmail, preferredLanguage,
                mustChangePassword, passwordLastSet, id, null);
    }

    /** A user of a directory that has no identifiers of its own besides the principal name. */
    public DirectoryUser(String userPrincipalName, String displayName, String givenName, String surname,
            AccountState state, Set<AdminRole> roles, String mail, String alternateEmail, String preferredLanguage,
            boolean mustChangePassword, Instant passwordLastSet) {
        this(userPrincipalName, displayName, givenName, surname, state, roles, mail, alternateEmail, preferredLanguage,
                mustChangePassword, passwordLastSet, null);
    }

    /**
     * The case-insensitive key a principal name is matched by. A name with a character that
     * lower-casing turns into plain ASCII (U+212A KELVIN SIGN becomes {@code k}) keeps its case
     * instead, so it can never be the key of another user's name; {@link #nameProblem(String)}
     * rejects such names before any lookup, and this holds wherever a name skips that check.
     */
    public static String key(String userPrincipalName) {
        String trimmed = userPrincipalName.trim();
        return (firstFoldingOntoAscii(trimmed) >= 0) ? trimmed : trimmed.toLowerCase(Locale.ROOT);
    }

    /**
     * Why the name cannot be a user principal name because of the characters it is written in,
     * as a phrase to put after the quoted name, or empty. A name must be what it looks like: not
     * changed by Unicode compatibility normalization (NFKC, which turns full-width letters and
     * signs such as KELVIN SIGN into plain letters), and without a character that changing case
     * turns into a plain ASCII one. Directories fold case and width when they compare names, so
     * either would let the row reach a user other than the one it names.
     */
    public static Optional<String> nameProblem(String userPrincipalName) {
        String name = userPrincipalName.trim();
        for (int i = 0; i < name.length();) {
            int cp = name.codePointAt(i);
            i += Character.charCount(cp);
            if (isConfusable(cp)) {
                return Optional.of("contains the character " + EmailAddresses.describe(cp)
                        + ", which is not allowed in a user name; it resembles '" + resembling(name)
                        + "' but is a different name, so no user was looked up for it");
            }
        }
        if (!Normalizer.isNormalized(name, Normalizer.Form.NFKC)) {
            return Optional.of("is not written in Unicode normalization form NFKC, which a user name must be; it "
                    + "resembles '" + resembling(name) + "' but is a different name, so no user was looked up for it");
        }
        return Optional.empty();
    }

    private static boolean isConfusable(int codePoint) {
        return codePoint >= 0x80 && (foldsOntoAscii(codePoint)
                || !Normalizer.isNormalized(new String(Character.toChars(codePoint)), Normalizer.Form.NFKC));
    }

    /** The name as a directory that folds width and case might read it, to show the admin. */
    private static String resembling(String name) {
        StringBuilder folded = new StringBuilder(name.length());
        name.codePoints().forEach((cp) -> {
            if (isConfusable(cp)) {
                folded.append(fold(cp));
            }
            else {
                folded.appendCodePoint(cp);
            }
        });
        return Normalizer.normalize(folded, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
    }

    /** What a directory that folds width and case may take the character for: KELVIN SIGN as k, dotted I as i. */
    private static String fold(int codePoint) {
        String compatible = Normalizer.normalize(new String(Character.toChars(codePoint)), Normalizer.Form.NFKC);
        String caseless = compatible.toUpperCase(Locale.ROOT).toLowerCase(Locale.ROOT);
        return Normalizer.normalize(caseless, Normalizer.Form.NFD).replaceAll("\\p{M}", "");
    }

    private static int firstFoldingOntoAscii(String name) {
        for (int i = 0; i < name.length();) {
            int cp = name.codePointAt(i);
            if (cp >= 0x80 && foldsOntoAscii(cp)) {
                return i;
            }
            i += Character.charCount(cp);
        }
        return -1;
    }

    /**
     * A non-ASCII character whose lower or upper case holds an ASCII one: KELVIN SIGN is k,
     * dotless i is I, sharp s is SS.
     */
    private static boolean foldsOntoAscii(int codePoint) {
        String character = new String(Character.toChars(codePoint));
        return hasAscii(character.toLowerCase(Locale.ROOT)) || hasAscii(character.toUpperCase(Locale.ROOT));
    }

    private static boolean hasAscii(String text) {
        return text.chars().anyMatch((c) -> c < 0x80);
    }

    public String key() {
        return key(this.userPrincipalName);
    }

    /** True if the address is one of the user's own tenant mailboxes, which they cannot open yet. */
    public boolean isOwnMailbox(String address) {
        String candidate = address.trim();
        return candidate.equalsIgnoreCase(this.userPrincipalName)
                || (this.mail != null && candidate.equalsIgnoreCase(this.mail));
    }
}
