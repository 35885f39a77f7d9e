package org.bulkresend.directory;

import java.util.Locale;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/** A user principal name is matched as it is written, never as it would read after Unicode folding. */
class PrincipalNameTests {

    @Test
    void theTrapThisGuardsAgainst() {
        assertThat("\u212Aenji@contoso.example".toLowerCase(Locale.ROOT)).isEqualTo("kenji@contoso.example");
    }

    @Nested
    class Refused {

        @ParameterizedTest(name = "{1}")
        @CsvSource(delimiter = '|', textBlock = """
                \u212Aenji.watanabe@contoso.example | U+212A KELVIN SIGN                   | kenji.watanabe@contoso.example
                eri\u212A.johansson@contoso.example | U+212A KELVIN SIGN                   | erik.johansson@contoso.example
                \uFF4Benji.watanabe@contoso.example | U+FF4B FULLWIDTH LATIN SMALL LETTER K | kenji.watanabe@contoso.example
                kenji.watanabe\uFF20contoso.example | U+FF20 FULLWIDTH COMMERCIAL AT       | kenji.watanabe@contoso.example
                \u0130sabel@contoso.example         | U+0130 LATIN CAPITAL LETTER I WITH DOT ABOVE | isabel@contoso.example
                k\u0131m@contoso.example            | U+0131 LATIN SMALL LETTER DOTLESS I  | kim@contoso.example
                stra\u00DFe@contoso.example         | U+00DF LATIN SMALL LETTER SHARP S    | strasse@contoso.example
                \uFB00ord@contoso.example           | U+FB00 LATIN SMALL LIGATURE FF       | fford@contoso.example
                jane@contoso\u2024example           | U+2024 ONE DOT LEADER                | jane@contoso.example
                """)
        void aCharacterThatFoldsIntoAnotherIsNamedWithWhatItResembles(String name, String character, String resembles) {
            assertThat(DirectoryUser.nameProblem(name)).contains("contains the character " + character
                    + ", which is not allowed in a user name; it resembles '" + resembles
                    + "' but is a different name, so no user was looked up for it");
        }

        @Test
        void aLetterWithACombiningMarkThatComposesDiffersFromItsNormalForm() {
            assertThat(DirectoryUser.nameProblem("jose\u0301@contoso.example"))
                .contains("is not written in Unicode normalization form NFKC, which a user name must be; it resembles "
                        + "'jos\u00E9@contoso.example' but is a different name, so no user was looked up for it");
        }
    }

    @Nested
    class Accepted {

        @ParameterizedTest
        @ValueSource(strings = { "kenji.watanabe@contoso.example", "Kenji.Watanabe@Contoso.Example",
                "jos\u00E9@contoso.example", "\u738B\u5C0F\u660E@contoso.example", "lars.\u00F6berg@contoso.example" })
        void aNameWrittenInWhatItLooksLike(String name) {
            assertThat(DirectoryUser.nameProblem(name)).as(name).isEmpty();
        }
    }

    @Nested
    class Keys {

        @Test
        void caseAndSurroundingSpacesDoNotMatter() {
            assertThat(DirectoryUser.key("  Kenji.Watanabe@CONTOSO.example ")).isEqualTo("kenji.watanabe@contoso.example");
            assertThat(DirectoryUser.key("LARS.\u00D6BERG@contoso.example")).isEqualTo("lars.\u00F6berg@contoso.example");
        }

        @ParameterizedTest
        @ValueSource(strings = { "\u212Aenji.watanabe@contoso.example", "\u212AENJI.WATANABE@CONTOSO.EXAMPLE",
                "\u0130sabel@contoso.example" })
        void aNameThatLowerCasingWouldTurnIntoAnotherKeepsItsCaseSoItMatchesNoPlainName(String name) {
            assertThat(DirectoryUser.key(name)).isEqualTo(name);
            assertThat(DirectoryUser.key(name)).isNotEqualTo(DirectoryUser.key(name.toLowerCase(Locale.ROOT)));
        }

        @Test
        void theOwnMailboxCheckStillFoldsCase() {
            DirectoryUser kenji = new DirectoryUser("kenji.watanabe@contoso.example", "Kenji Watanabe", null, null,
                    AccountState.ACTIVE, java.util.Set.of(), "kenji@contoso.example", null, "ja", false, null);
            assertThat(kenji.isOwnMailbox("KENJI@contoso.example")).isTrue();
            assertThat(kenji.key()).isEqualTo("kenji.watanabe@contoso.example");
        }
    }
}
