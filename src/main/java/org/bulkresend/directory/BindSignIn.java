package org.bulkresend.directory;

import java.util.Optional;

import org.bulkresend.password.Secret;

/**
 * A directory the operator signs in to as themselves (Active Directory): the directory checks their
 * password by binding as them, and from then on acts with their own permissions, so that its own
 * delegation decides what they may change. Set up with a service account instead, it binds as that
 * account and asks no operator for a password.
 */
public interface BindSignIn {

    /** True if the operator binds as themselves; false where a service account binds for them. */
    boolean bindsAsOperator();

    /**
     * Binds as the operator, whose password is left to the caller to destroy.
     *
     * @return empty if the directory accepted the operator's password; else why it refused, in its
     * own words, for the audit trail
     * @throws DirectoryUnavailableException if the directory cannot be reached
     */
    Optional<String> bind(String operator, Secret password);
}
