package org.bulkresend.directory;

/**
 * Whose rules, on top of the directory's own permissions, decide who may reset whom: each
 * directory says which apply to its users ({@link Directory#accessRules()}).
 */
public enum AccessRules {

    /**
     * Microsoft Entra ID's admin-role matrix, as bulk-resend applies it: an operator needs a role that
     * may reset passwords, and may reset only users whose roles it covers.
     */
    ENTRA_ROLES,

    /**
     * Active Directory: the domain's own delegation decides whom the operator may reset; bulk-resend
     * adds that a protected account ({@code adminCount=1}) is reset only by a member of Domain Admins
     * or Enterprise Admins, and that nobody resets their own account.
     */
    DOMAIN_DELEGATION
}
