/**
 * The kinds of credential a run gives users: a temporary password, which replaces the user's
 * password, or a Microsoft Temporary Access Pass, a time-limited pass that leaves the password
 * alone and lets the user sign in to register Microsoft Authenticator or a passkey.
 */
package org.bulkresend.credential;
