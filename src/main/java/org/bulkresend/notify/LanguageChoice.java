package org.bulkresend.notify;

/**
 * The language a user's message is written in.
 *
 * @param tag the language of the messages used, as the templates name it ({@code zh-TW})
 * @param note why it is not the language asked for, for the report, or null if it is
 */
public record LanguageChoice(String tag, String note) {
}
