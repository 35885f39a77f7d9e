/**
 * Settings and the wiring of the parts: one properties record tree, one configuration class.
 */
package org.bulkresend.config;
