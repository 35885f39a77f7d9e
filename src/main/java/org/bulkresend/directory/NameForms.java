package org.bulkresend.directory;

import java.util.Optional;

import org.bulkresend.address.EmailAddresses;

/**
 * The ways an input row may name a user, which depend on the directory: Microsoft Entra ID and the
 * embedded directory know users by their user principal name only; Active Directory also by their
 * account name ({@code sAMAccountName}), alone or as {@code DOMAIN\name}.
 */
public enum NameForms {

    /** {@code name@domain} only. */
    PRINCIPAL_NAMES,

    /** {@code name@domain}, or an account name: {@code name} or {@code DOMAIN\name}. */
    PRINCIPAL_OR_ACCOUNT_NAMES;

    /** Characters Active Directory allows in no account name (pre-Windows 2000 logon name). */
    static final String NOT_IN_ACCOUNT_NAMES = "\"/\\[]:;|=,+*?<>@";

    /** The longest account name Active Directory lets users sign in with. */
    static final int ACCOUNT_NAME_LENGTH = 20;

    /** The longest NetBIOS domain name. */
    static final int DOMAIN_NAME_LENGTH = 15;

    /**
     * Why the name cannot name a user in these forms, as a phrase to put after the quoted name, or
     * empty. Which characters a name is written in is {@link DirectoryUser#nameProblem}'s to check.
     */
    public Optional<String> problem(String name) {
        String given = name.strip();
        if (given.indexOf('@') >= 0 || this == PRINCIPAL_NAMES) {
            return EmailAddresses.problem(given).map((problem) -> (given.indexOf('@') < 0)
                    ? "is not of the form name@domain" + ((this == PRINCIPAL_OR_ACCOUNT_NAMES)
                            ? ", an account name or DOMAIN\\name" : "")
                    : problem);
        }
        int slash = given.indexOf('\\');
        String account = given.substring(slash + 1);
        if (slash >= 0) {
            String domain = given.substring(0, slash);
            if (domain.isEmpty() || domain.length() > DOMAIN_NAME_LENGTH || !domain.chars().allMatch(
                    (c) -> Character.isLetterOrDigit(c) || c == '-' || c == '_' || c == '.')) {
                return Optional.of("does not start with a domain's short (NetBIOS) name before the \\, as in "
                        + "CONTOSO\\name");
            }
        }
        if (account.isEmpty()) {
            return Optional.of("names no account after the \\");
        }
        if (account.length() > ACCOUNT_NAME_LENGTH) {
            return Optional.of("is longer than an account name may be (" + ACCOUNT_NAME_LENGTH
                    + " characters): give the user principal name, name@domain");
        }
        for (int i = 0; i < account.length(); i++) {
            char c = account.charAt(i);
            if (NOT_IN_ACCOUNT_NAMES.indexOf(c) >= 0 || Character.isISOControl(c) || Character.isWhitespace(c)) {
                return Optional.of("holds '" + (Character.isISOControl(c) || Character.isWhitespace(c)
                        ? String.format("U+%04X", (int) c) : String.valueOf(c))
                        + "', which no account name may hold: give name@domain, an account name or DOMAIN\\name");
            }
        }
        if (account.endsWith(".")) {
            return Optional.of("ends in a dot, which no account name may");
        }
        return Optional.empty();
    }
}
