package org.bulkresend.input;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class InputParsingTests {

    @TempDir
    Path work;

    Path write(String name, byte[] content) throws IOException {
        return Files.write(this.work.resolve(name), content);
    }

    List<ResendRequest> read(Path file) {
        ResendRequestReader reader = new ResendRequestReader(file, false);
        reader.open(new org.springframework.batch.infrastructure.item.ExecutionContext());
        List<ResendRequest> rows = new ArrayList<>();
        for (ResendRequest row = reader.read(); row != null; row = reader.read()) {
            rows.add(row);
        }
        reader.close();
        return rows;
    }

    @Nested
    class Dialects {

        static final String ROWS = "userPrincipalName%sdisplayName%salternateEmail\n"
                + "elodie.lefevre@contoso.example%sÉlodie Lefèvre%selodie@example.org\n"
                + "wang.xiaoming@contoso.example%s王小明%swang@example.net\n";

        void assertSameRows(Path file) {
            List<ResendRequest> rows = read(file);
            assertThat(rows).extracting(ResendRequest::userPrincipalName)
                .containsExactly("elodie.lefevre@contoso.example", "wang.xiaoming@contoso.example");
            assertThat(rows).extracting(ResendRequest::displayName).containsExactly("Élodie Lefèvre", "王小明");
            assertThat(rows).extracting(ResendRequest::line).containsExactly(2L, 3L);
            assertThat(rows).allMatch(ResendRequest::isValid);
        }

        @ParameterizedTest
        @ValueSource(strings = { ",", ";", "\t" })
        void delimiterIsDetectedFromTheHeader(String delimiter) throws IOException {
            String text = ROWS.formatted(delimiter, delimiter, delimiter, delimiter, delimiter, delimiter);
            assertSameRows(write("d.csv", text.getBytes(StandardCharsets.UTF_8)));
        }

        @Test
        void utf8WithByteOrderMark() throws IOException {
            String text = "\uFEFF" + ROWS.formatted(",", ",", ",", ",", ",", ",");
            assertSameRows(write("bom.csv", text.getBytes(StandardCharsets.UTF_8)));
        }

        @Test
        void utf16LittleAndBigEndianWithByteOrderMark() throws IOException {
            String text = "\uFEFF" + ROWS.formatted("\t", "\t", "\t", "\t", "\t", "\t");
            assertSameRows(write("le.csv", text.getBytes(StandardCharsets.UTF_16LE)));
            assertSameRows(write("be.csv", text.getBytes(StandardCharsets.UTF_16BE)));
        }
    }

    @Test
    void lineNumbersAreTheFileLinesEvenWithQuotedLineBreaksAndBlankLines() throws IOException {
        Path file = write("multi.csv", ("userPrincipalName,displayName,alternateEmail\r\n"
                + "a.one@contoso.example,\"One, \"\"the first\"\"\nstill one\",a@example.net\r\n" + "\r\n"
                + "  b.two@contoso.example  ,Two,b@example.net\r\n" + "c.three@contoso.example,Three,c@example.net")
            .getBytes(StandardCharsets.UTF_8));

        List<ResendRequest> rows = read(file);

        assertThat(rows).extracting(ResendRequest::line).containsExactly(2L, 5L, 6L);
        assertThat(rows.get(0).displayName()).isEqualTo("One, \"the first\"\nstill one");
        assertThat(rows.get(1).userPrincipalName()).as("trimmed").isEqualTo("b.two@contoso.example");
    }

    @Test
    void aRestartResumesAfterTheRowsAlreadyCommitted() throws IOException {
        Path file = write("r.csv", "upn\na@contoso.example\nb@contoso.example\nc@contoso.example\n"
            .getBytes(StandardCharsets.UTF_8));
        ResendRequestReader first = new ResendRequestReader(file, false);
        var context = new org.springframework.batch.infrastructure.item.ExecutionContext();
        first.open(context);
        first.read();
        first.read();
        first.update(context);
        first.close();

        ResendRequestReader restarted = new ResendRequestReader(file, false);
        restarted.open(context);
        assertThat(restarted.read().userPrincipalName()).isEqualTo("c@contoso.example");
        assertThat(restarted.read()).isNull();
        restarted.close();
    }

    @Test
    void badRowsCarryTheirReason() throws IOException {
        Path file = write("bad.csv", ("userPrincipalName,alternateEmail\n" + "ok@contoso.example,ok@example.net\n"
                + ",nobody@example.net\n" + "x@contoso.example,not-an-address\n" + "y@contoso.example,y@example.net,extra\n"
                + "z@contoso.example," + "z".repeat(2000) + "@example.net\n" + "no-at-sign,ok@example.net\n")
            .getBytes(StandardCharsets.UTF_8));

        List<ResendRequest> rows = read(file);

        assertThat(rows.get(0).isValid()).isTrue();
        assertThat(rows.get(1).problem()).isEqualTo("no user principal name");
        assertThat(rows.get(2).problem()).contains("notification address 'not-an-address' is not a valid email address");
        assertThat(rows.get(3).problem()).contains("has 3 fields, the header has 2");
        assertThat(rows.get(4).problem()).contains("longer than 1024 characters");
        assertThat(rows.get(5).problem()).contains("is not of the form name@domain");
    }

    @Test
    void preflightCountsRowsInvalidRowsAndDuplicates() throws IOException {
        Path file = write("p.csv", ("UPN;Alternate email address\n" + "a@contoso.example;a@example.net\n"
                + "A@CONTOSO.EXAMPLE;a2@example.net\n" + ";x@example.net\n" + "b@contoso.example;\n")
            .getBytes(StandardCharsets.UTF_8));

        InputPreflight.Result result = InputPreflight.inspect(InputFile.of(file));

        assertThat(result.rows()).isEqualTo(4);
        assertThat(result.invalidRows()).isEqualTo(1);
        assertThat(result.duplicateRows()).isEqualTo(1);
        assertThat(result.delimiterName()).isEqualTo("semicolon");
        assertThat(result.problems()).containsExactly("line 3: same user as line 2", "line 4: no user principal name");
    }

    @Test
    void theContentHashIdentifiesTheFileWhateverItsName() throws IOException {
        byte[] content = "upn\na@contoso.example\n".getBytes(StandardCharsets.UTF_8);
        InputFile one = InputFile.of(write("one.csv", content));
        InputFile two = InputFile.of(write("two.csv", content));
        InputFile other = InputFile.of(write("three.csv", "upn\nb@contoso.example\n".getBytes(StandardCharsets.UTF_8)));

        assertThat(one.sha256()).hasSize(64).isEqualTo(two.sha256()).isNotEqualTo(other.sha256());
    }

    @Nested
    class Columns {

        @ParameterizedTest
        @ValueSource(strings = { "userPrincipalName", "UPN", "User Name", "User principal name", "USER_PRINCIPAL_NAME",
                "User name [userPrincipalName] Required" })
        void principalNameAliases(String header) {
            assertThat(ColumnMapping.of(List.of("x", header)).userPrincipalName()).isEqualTo(1);
        }

        @ParameterizedTest
        @ValueSource(strings = { "alternateEmail", "Alternate email address", "notifyEmail", "alternateEmailAddress" })
        void addressAliases(String header) {
            assertThat(ColumnMapping.of(List.of("upn", header)).notifyAddress()).isEqualTo(1);
        }

        @Test
        void optionalColumns() {
            ColumnMapping mapping = ColumnMapping
                .of(List.of("Display name", "User principal name", "Preferred language", "Password"));
            assertThat(mapping.displayName()).isZero();
            assertThat(mapping.language()).isEqualTo(2);
            assertThat(mapping.password()).isEqualTo(3);
            assertThat(mapping.notifyAddress()).isEqualTo(-1);
        }

        @Test
        void missingPrincipalNameListsTheHeadersFound() {
            assertThatExceptionOfType(InputRejectedException.class)
                .isThrownBy(() -> ColumnMapping.of(List.of("email", "name")))
                .withMessageContaining("no user principal name column")
                .withMessageContaining("Headers found: 'email', 'name'");
        }
    }
}
