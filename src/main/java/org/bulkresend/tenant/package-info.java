/**
 * The tenant's Microsoft 365 cloud: where its users sign in and where its Microsoft Graph and
 * sign-in (token) endpoints are. Used by the Graph client, the Graph directory and the messages.
 */
package org.bulkresend.tenant;
