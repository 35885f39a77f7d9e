package org.bulkresend.settings;

import java.util.Locale;

/** Where users are looked up and reset ({@code --directory}). */
public enum DirectoryKind {

    /** The database in the data directory. */
    EMBEDDED,
    /** Microsoft Entra ID through Microsoft Graph. */
    GRAPH,
    /** An on-premises Active Directory domain over LDAPS (or LDAP with StartTLS). */
    AD;

    /** Accepts the names the command line uses: embedded, graph, ad (any case). */
    public static DirectoryKind parse(String text) {
        for (DirectoryKind kind : values()) {
            if (kind.name().equalsIgnoreCase(text.strip())) {
                return kind;
            }
        }
        throw new IllegalArgumentException("the directory must be embedded, graph or ad, was '" + text + "'");
    }

    /** The name the command line uses. */
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
