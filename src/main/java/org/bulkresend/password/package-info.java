/**
 * Passwords: generating temporary ones, checking supplied ones against the directory's
 * policy, hashing for the embedded directory, and {@link org.bulkresend.password.Secret}, the
 * only type that may hold one.
 */
package org.bulkresend.password;
