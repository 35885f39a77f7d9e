/**
 * Time zones as admins and directories name them: by their IANA name ({@code Europe/Rome}) or by
 * the Windows name Exchange, Outlook and Microsoft Graph use ({@code W. Europe Standard Time}),
 * and the zone a user's message is written in: the row's, the directory's, else the run's.
 */
package org.bulkresend.zone;
