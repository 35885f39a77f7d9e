/**
 * The connection to Microsoft Graph: the cloud's endpoints, the app's sign-in through Microsoft's
 * own library (OAuth 2.0 client credentials with a secret or a certificate; its token cache keeps
 * the token until shortly before it expires), extra certificate authorities to trust, and
 * requests that honour throttling ({@code 429}/{@code 503} with {@code Retry-After}) and
 * survive network failures within a bounded number of retries. The Graph directory and the Graph
 * mail channel are built on it.
 */
package org.bulkresend.graph;
