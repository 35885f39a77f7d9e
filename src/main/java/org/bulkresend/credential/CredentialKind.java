package org.bulkresend.credential;

import java.util.Locale;

/**
 * What a run gives each user, as {@code --credential} names it. Each kind says who may give it
 * (see {@link org.bulkresend.access.ResetPermissions}) and how the report and the messages call it.
 */
public enum CredentialKind {

    /** A temporary password the user must change at their next sign-in. */
    PASSWORD("password", "a temporary password", "temporary passwords"),

    /** A Microsoft Temporary Access Pass: the user's password is not changed. */
    TAP("tap", "a Temporary Access Pass", "Temporary Access Passes");

    private final String option;

    private final String description;

    private final String plural;

    CredentialKind(String option, String description, String plural) {
        this.option = option;
        this.description = description;
        this.plural = plural;
    }

    /** The name {@code --credential} takes: {@code password} or {@code tap}. */
    public String option() {
        return this.option;
    }

    /** The kind in a sentence: "a temporary password", "a Temporary Access Pass". */
    public String description() {
        return this.description;
    }

    /** The kind in a sentence, of many: "temporary passwords", "Temporary Access Passes". */
    public String plural() {
        return this.plural;
    }

    /** Reads {@code password} or {@code tap} (also {@code temporary-access-pass}), in any case. */
    public static CredentialKind parse(String text) {
        String name = (text != null) ? text.strip().toLowerCase(Locale.ROOT).replace('_', '-') : "";
        return switch (name) {
            case "password" -> PASSWORD;
            case "tap", "temporary-access-pass" -> TAP;
            default -> throw new IllegalArgumentException("'" + ((text != null) ? text.strip() : "")
                    + "' is not a kind of credential: use password or tap");
        };
    }
}
