/**
 * Who may reset whom: the Microsoft Entra admin-role matrix, applied to every row before
 * anything changes.
 */
package org.bulkresend.access;
