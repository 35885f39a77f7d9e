package org.bulkresend.input;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.bulkresend.support.InputRows;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;


import static org.assertj.core.api.Assertions.assertThat;

/** Each row's cells as the run, the dry run and {@code validate} all read them: one address a cell, names as written. */
class StrictAddressTests {

    @TempDir
    Path work;

    List<ResendRequest> read(String csv) throws IOException {
        return InputRows.read(Files.writeString(this.work.resolve("rows.csv"), csv, StandardCharsets.UTF_8));
    }

    @Test
    void theWholeCellIsTheAddressNeverAPartOfIt() throws IOException {
        List<ResendRequest> rows = read("""
                userPrincipalName,alternateEmail
                grady.archie@contoso.example,john smith@example.net
                joni.sherman@contoso.example,"joni@example.net; joni.sherman@example.org"
                patti.fernandez@contoso.example,patti@example.net patti.f@example.org
                diego.siciliani@contoso.example,diego@example..net
                emma.wright@contoso.example,Emma Wright <emma.wright@example.org>
                miriam.graham@contoso.example,  miriam.graham@example.net\s
                """);

        assertThat(rows).extracting(ResendRequest::problem).containsExactly(
                "notification address 'john smith@example.net' contains a space",
                "notification address 'joni@example.net; joni.sherman@example.org' holds more than one address; give "
                        + "one address per cell",
                "notification address 'patti@example.net patti.f@example.org' holds more than one address; give one "
                        + "address per cell",
                "notification address 'diego@example..net' has an empty domain label (two dots in a row)",
                "notification address 'Emma Wright <emma.wright@example.org>' contains angle brackets (< >): give "
                        + "the bare address, without a name",
                null);
        assertThat(rows).extracting(ResendRequest::notifyAddress).as("the cell as it is, nothing picked out of it")
            .containsExactly("john smith@example.net", "joni@example.net; joni.sherman@example.org",
                    "patti@example.net patti.f@example.org", "diego@example..net",
                    "Emma Wright <emma.wright@example.org>", "miriam.graham@example.net");
    }

    @Test
    void aNameWithABracketedAddressIsRefusedForTheBrackets() throws IOException {
        List<ResendRequest> rows = read("""
                userPrincipalName,alternateEmail
                emma.wright@contoso.example,<emma.wright@example.org>
                """);

        assertThat(rows.get(0).problem()).isEqualTo("notification address '<emma.wright@example.org>' contains angle "
                + "brackets (< >): give the bare address, without a name");
    }

    @Test
    void aPrincipalNameThatOnlyFoldsIntoAnotherUsersIsRefusedBeforeAnyLookup() throws IOException {
        List<ResendRequest> rows = read("""
                userPrincipalName,alternateEmail
                \u212Aenji.watanabe@contoso.example,kenji.watanabe@example.net
                \uFF4Benji.watanabe@contoso.example,kenji.watanabe@example.net
                Kenji.Watanabe@contoso.example,kenji.watanabe@example.net
                """);

        assertThat(rows.get(0).problem()).isEqualTo("user principal name '\u212Aenji.watanabe@contoso.example' contains "
                + "the character U+212A KELVIN SIGN, which is not allowed in a user name; it resembles "
                + "'kenji.watanabe@contoso.example' but is a different name, so no user was looked up for it");
        assertThat(rows.get(1).problem()).startsWith("user principal name '\uFF4Benji.watanabe@contoso.example' contains "
                + "the character U+FF4B FULLWIDTH LATIN SMALL LETTER K, which is not allowed in a user name");
        assertThat(rows.get(2).isValid()).as("plain letters in any case are the name").isTrue();
    }

    @Test
    void aPrincipalNameIsCheckedAsStrictlyAsAnAddress() throws IOException {
        List<ResendRequest> rows = read("""
                userPrincipalName,alternateEmail
                john smith@contoso.example,john@example.net
                a@contoso.example;b@contoso.example,a@example.net
                no-at-sign,ok@example.net
                """);

        assertThat(rows).extracting(ResendRequest::problem).containsExactly(
                "user principal name 'john smith@contoso.example' contains a space",
                "user principal name 'a@contoso.example;b@contoso.example' holds more than one address",
                "user principal name 'no-at-sign' is not of the form name@domain");
    }

    @Test
    void preflightCountsTheseRowsAsInvalidWithTheSameReasons() throws IOException {
        Path file = Files.writeString(this.work.resolve("p.csv"), """
                userPrincipalName,alternateEmail
                grady.archie@contoso.example,john smith@example.net
                \u212Aenji.watanabe@contoso.example,kenji.watanabe@example.net
                joni.sherman@contoso.example,joni.sherman@example.net
                """, StandardCharsets.UTF_8);

        InputPreflight.Result result = InputPreflight.inspect(InputFile.of(file));

        assertThat(result.rows()).isEqualTo(3);
        assertThat(result.invalidRows()).isEqualTo(2);
        assertThat(result.duplicateRows()).as("a refused name claims nobody").isZero();
        assertThat(result.problems()).containsExactly(
                "line 2: notification address 'john smith@example.net' contains a space",
                "line 3: user principal name '\u212Aenji.watanabe@contoso.example' contains the character U+212A KELVIN "
                        + "SIGN, which is not allowed in a user name; it resembles 'kenji.watanabe@contoso.example' but "
                        + "is a different name, so no user was looked up for it");
    }
}
