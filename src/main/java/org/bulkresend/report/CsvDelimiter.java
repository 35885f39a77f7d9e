package org.bulkresend.report;

import java.util.Locale;

/**
 * What separates the report's cells. A comma by default; a semicolon where Excel is set up for a
 * language whose decimal separator is the comma (Italian, French, German, Swedish, ...), which
 * otherwise shows a comma-separated file as one column; a tab for tools that want one.
 */
public enum CsvDelimiter {

    COMMA(','), SEMICOLON(';'), TAB('\t');

    private final char character;

    CsvDelimiter(char character) {
        this.character = character;
    }

    public char character() {
        return this.character;
    }

    /** {@code ,} {@code ;} or {@code tab} (also the names: comma, semicolon). */
    public static CsvDelimiter parse(String text) {
        String name = (text == null) ? "" : text.strip().toLowerCase(Locale.ROOT);
        return switch (name) {
            case ",", "comma" -> COMMA;
            case ";", "semicolon" -> SEMICOLON;
            case "tab", "\\t", "\t" -> TAB;
            default -> throw new IllegalArgumentException("the report's delimiter must be ',' ';' or 'tab', was '"
                    + text + "'");
        };
    }

    @Override
    public String toString() {
        return (this == TAB) ? "tab" : String.valueOf(this.character);
    }
}
