package org.bulkresend.input;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.bulkresend.support.InputRows;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;


import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A field longer than any row may have reaches the parser cut, and only its row is rejected: the
 * rows around it, their values and their line numbers are as if it were short. (The packaged jar
 * reading a 50 MB field in a 96 MB heap: FatalErrorsIT.)
 */
class LongFieldsTests {

    private static final String LONG = "x".repeat(200_000);

    @TempDir
    Path work;

    List<ResendRequest> read(String content) throws IOException {
        return InputRows.read(Files.writeString(this.work.resolve("in.csv"), content));
    }

    @Test
    void anUnquotedLongFieldRejectsItsRowWithTheReasonAndNothingElse() throws IOException {
        List<ResendRequest> rows = read("userPrincipalName,displayName,alternateEmail\n"
                + "grady.archie@contoso.example,Grady Archie,grady@example.net\n"
                + "joni.sherman@contoso.example," + LONG + ",joni@example.net\n"
                + "lee.gu@contoso.example,Lee Gu,lee@example.net\n");

        assertThat(rows).extracting(ResendRequest::line).containsExactly(2L, 3L, 4L);
        assertThat(rows.get(1).problem()).isEqualTo("field 'displayName' is longer than 1024 characters");
        assertThat(rows.get(1).displayName()).hasSize(RowParser.MAX_FIELD_LENGTH + 1)
            .isEqualTo("x".repeat(RowParser.MAX_FIELD_LENGTH) + FieldLimitingReader.CUT);
        assertThat(rows.get(1).notifyAddress()).as("the field after it").isEqualTo("joni@example.net");
        assertThat(rows.get(2).isValid()).isTrue();
        assertThat(rows.get(2).displayName()).isEqualTo("Lee Gu");
    }

    @Test
    void aQuotedLongFieldKeepsItsQuotesDelimitersAndLineBreaksForTheParser() throws IOException {
        // Escaped quotes, delimiters and line breaks on both sides of the cut.
        String quoted = "\"" + ("a\"\"b,c\n").repeat(50_000) + "\"";
        List<ResendRequest> rows = read("userPrincipalName,displayName,alternateEmail\n"
                + "joni.sherman@contoso.example," + quoted + ",joni@example.net\n"
                + "lee.gu@contoso.example,\"Gu, Lee \"\"L\"\"\",lee@example.net\n");

        assertThat(rows).hasSize(2);
        assertThat(rows.get(0).line()).isEqualTo(2L);
        assertThat(rows.get(0).problem()).isEqualTo("field 'displayName' is longer than 1024 characters");
        assertThat(rows.get(0).displayName()).startsWith("a\"b,c\na\"b,c\n");
        assertThat(rows.get(0).notifyAddress()).isEqualTo("joni@example.net");
        assertThat(rows.get(1).line()).as("every line break of the long field was counted").isEqualTo(50_003L);
        assertThat(rows.get(1).displayName()).isEqualTo("Gu, Lee \"L\"");
        assertThat(rows.get(1).isValid()).isTrue();
    }

    @Test
    void blanksBeforeAValueAreDroppedAsTheParserDropsThem() throws IOException {
        List<ResendRequest> rows = read("userPrincipalName,displayName\n"
                + "joni.sherman@contoso.example," + " ".repeat(200_000) + "Joni\n");

        assertThat(rows.get(0).isValid()).isTrue();
        assertThat(rows.get(0).displayName()).isEqualTo("Joni");
    }

    @Test
    void aValueBehindMoreBlanksThanTheLimitIsNotMistakenForAShortOne() throws IOException {
        List<ResendRequest> rows = read("userPrincipalName,displayName\n"
                + "joni.sherman@contoso.example,\"Joni" + " ".repeat(200_000) + "Sherman\"\n");

        assertThat(rows.get(0).problem()).isEqualTo("field 'displayName' is longer than 1024 characters");
    }

    @Test
    void aRecordTooLongEvenWithItsFieldsCutRejectsTheFile() {
        String manyFields = (",\"" + "y".repeat(2000) + "\"").repeat(CsvSource.MAX_RECORD_LENGTH / 1000);

        assertThatExceptionOfType(InputRejectedException.class)
            .isThrownBy(() -> read("userPrincipalName,displayName\njoni.sherman@contoso.example" + manyFields + "\n"))
            .withMessageContaining("is longer than 65536 characters even with each field cut to 1024");
    }

    @Test
    void aHeaderLineLongerThanARecordRejectsTheFile() {
        assertThatExceptionOfType(InputRejectedException.class)
            .isThrownBy(() -> read("userPrincipalName," + LONG + "\njoni.sherman@contoso.example,x\n"))
            .withMessageContaining("has no CSV header line: its first line is longer than 65536 characters");
    }
}
