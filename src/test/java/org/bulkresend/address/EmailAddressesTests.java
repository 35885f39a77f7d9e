package org.bulkresend.address;

import org.bulkresend.address.EmailAddresses.Mailbox;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/** One address, parsed strictly, and a reason for everything else. */
class EmailAddressesTests {

    @Nested
    class Accepted {

        @ParameterizedTest
        @ValueSource(strings = { "jane.doe@example.net", "jane.doe+tag@example.net", "JANE@EXAMPLE.NET",
                "o'brien@example.ie", "a!#$%&'*+/=?^_`{|}~-z@example.net", "j@x.io", "jane@mail.sub-domain.example.org",
                "josé@exemple.fr", "王小明@例子.中国", "user@xn--bcher-kva.example", "1234@123.example",
                "jane@a-b.c-d.example" })
        void aSingleAddressIsValidAndHasNoProblem(String address) {
            assertThat(EmailAddresses.problem(address)).as(address).isEmpty();
            assertThat(EmailAddresses.isValid(address)).as(address).isTrue();
        }

        @Test
        void theLimitsThemselvesAreAccepted() {
            String local = "a".repeat(64);
            String domain = "b".repeat(63) + "." + "c".repeat(63) + "." + "d".repeat(63) + "." + "e".repeat(57);
            assertThat(domain).hasSize(249);
            String longest = "a".repeat(64) + "@" + "b".repeat(63) + "." + "c".repeat(63) + "." + "d".repeat(61);
            assertThat(longest).hasSize(254);

            assertThat(EmailAddresses.problem(local + "@example.net")).isEmpty();
            assertThat(EmailAddresses.problem("x@" + domain)).isEmpty();
            assertThat(EmailAddresses.problem(longest)).isEmpty();
        }
    }

    @Nested
    class Refused {

        @ParameterizedTest(name = "[{0}] {1}")
        @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
                john smith@example.net          | contains a space
                ` jane@example.net`             | contains a space
                a@x.net; b@y.org                | holds more than one address
                a@x.net,b@y.org                 | holds more than one address
                a@x.net b@y.org                 | holds more than one address
                a@x.net;;b@y.org                | holds more than one address
                a@x.net ; b@y.org               | holds more than one address
                Jane <jane@x.net>, Bo <bo@y.org> | holds more than one address
                jane@example..net               | has an empty domain label (two dots in a row)
                jane@.example.net               | has an empty domain label (the domain starts with a dot)
                jane@example.net.               | has an empty domain label (the domain ends with a dot)
                .jane@example.net               | starts with a dot
                jane.@example.net               | has a dot right before the @
                jane..doe@example.net           | has two dots in a row before the @
                jane@example                    | has no dot in its domain (it should be like example.net)
                jane@-example.net               | has the domain label '-example', which starts with a hyphen
                jane@example-.net               | has the domain label 'example-', which ends with a hyphen
                jane@exa_mple.net               | contains the character '_', which is not allowed in a domain
                jane@example.n!t                | contains the character '!', which is not allowed in a domain
                jane(at)example.net             | is not a valid email address (it has no @)
                jane                            | is not a valid email address (it has no @)
                jane@@example.net               | contains more than one @
                @example.net                    | has nothing before the @
                jane@                           | has nothing after the @
                <jane@example.net>              | contains angle brackets (< >): give the bare address, without a name
                Jane<jane@example.net>          | contains angle brackets (< >): give the bare address, without a name
                Jane Doe <jane@example.net>     | contains angle brackets (< >): give the bare address, without a name
                "jane doe"@example.net          | contains a space
                "jane"@example.net              | has a quoted local part ("..."@), which is not accepted
                jane@[192.0.2.1]                | has an address literal ([...]) as its domain, which is not accepted
                jane@192.0.2.1                  | has a domain ending in a number (an IP address is not accepted as a domain)
                ja,ne@example.net               | contains the character ',', which is not allowed before the @
                jane\\@example.net               | contains the character '\\', which is not allowed before the @
                jane@example.net\u200B           | contains the invisible character U+200B ZERO WIDTH SPACE
                """)
        void eachWithItsReason(String address, String reason) {
            // The text block hands over its doubled backslashes as one, and the U+200B escape as the character.
            assertThat(EmailAddresses.problem(address)).as(address).contains(reason);
            assertThat(EmailAddresses.isValid(address)).as(address).isFalse();
        }

        @Test
        void spacesOfEveryKindAndLineBreaksAreNamed() {
            assertThat(EmailAddresses.problem("jane@example.net\r\nBcc: x@example.org")).contains("contains a line break");
            assertThat(EmailAddresses.problem("jane\tdoe@example.net")).contains("contains a tab");
            assertThat(EmailAddresses.problem("jane\u00A0doe@example.net"))
                .contains("contains a space character (U+00A0 NO-BREAK SPACE)");
            assertThat(EmailAddresses.problem("jane\u3000doe@example.net"))
                .contains("contains a space character (U+3000 IDEOGRAPHIC SPACE)");
            assertThat(EmailAddresses.problem("jane\u0000@example.net"))
                .contains("contains the invisible character U+0000 NULL");
        }

        @Test
        void aLookAlikeAtSignIsNamed() {
            assertThat(EmailAddresses.problem("jane\uFF20example.net")).contains("is not a valid email address (it has no @)");
            assertThat(EmailAddresses.problem("jane.doe\uFF20x@example.net"))
                .contains("contains the character U+FF20 FULLWIDTH COMMERCIAL AT, which is not allowed before the @");
        }

        @Test
        void nothingIsEmpty() {
            assertThat(EmailAddresses.problem(null)).contains("is empty");
            assertThat(EmailAddresses.problem("")).contains("is empty");
            assertThat(EmailAddresses.problem("   ")).contains("is empty");
            assertThat(EmailAddresses.isValid(null)).isFalse();
        }

        @Test
        void overTheLimitsByOne() {
            assertThat(EmailAddresses.problem("a".repeat(65) + "@example.net"))
                .contains("has 65 characters before the @; at most 64 are allowed");
            assertThat(EmailAddresses.problem("jane@" + "b".repeat(64) + ".example"))
                .contains("has a domain label of 64 characters; at most 63 are allowed");
            String domain = "b".repeat(63) + "." + "c".repeat(63) + "." + "d".repeat(63) + "." + "e".repeat(63);
            assertThat(domain).hasSize(255);
            assertThat(EmailAddresses.problem("x@" + domain)).contains("is 257 characters long; an address may have at most 254");
            assertThat(EmailAddresses.problem("x@" + domain + "f"))
                .contains("has a domain label of 64 characters; at most 63 are allowed");
            String longest = "a".repeat(64) + "@" + "b".repeat(63) + "." + "c".repeat(63) + "." + "d".repeat(62);
            assertThat(EmailAddresses.problem(longest)).contains("is 255 characters long; an address may have at most 254");
        }

        @Test
        void aDomainLongerThan255IsRefusedForThat() {
            String domain = String.join(".", "a".repeat(60), "b".repeat(60), "c".repeat(60), "d".repeat(60), "e".repeat(20));
            assertThat(domain).hasSize(264);
            assertThat(EmailAddresses.problem("x@" + domain)).contains("has a domain of 264 characters; at most 255 are allowed");
        }

        @Test
        void internationalizedPartsAreCountedInTheBytesTheLimitCounts() {
            // 22 CJK characters are 66 bytes in UTF-8, over the 64 that SMTPUTF8 servers allow.
            assertThat(EmailAddresses.problem("王".repeat(22) + "@example.net"))
                .contains("has 66 bytes in UTF-8 before the @; at most 64 are allowed");
            assertThat(EmailAddresses.problem("王".repeat(21) + "@example.net")).isEmpty();
        }
    }

    @Nested
    class Mailboxes {

        @ParameterizedTest(name = "{0}")
        @CsvSource(delimiter = '|', quoteCharacter = '`', nullValues = "null", textBlock = """
                it@contoso.com                          | null             | it@contoso.com
                `  it@contoso.com  `                    | null             | it@contoso.com
                Contoso IT <it@contoso.com>             | Contoso IT       | it@contoso.com
                Contoso IT<it@contoso.com>              | Contoso IT       | it@contoso.com
                <it@contoso.com>                        | null             | it@contoso.com
                "IT, Contoso" <it@contoso.com>          | IT, Contoso      | it@contoso.com
                "Say \\"hi\\" IT" <it@contoso.com>      | Say "hi" IT      | it@contoso.com
                Contoso Ltd. IT <it@contoso.com>        | Contoso Ltd. IT  | it@contoso.com
                情報システム部 <it@contoso.com>          | 情報システム部    | it@contoso.com
                "" <it@contoso.com>                     | null             | it@contoso.com
                """)
        void aSenderWithOrWithoutADisplayName(String text, String personal, String address) {
            assertThat(EmailAddresses.parseMailbox(text)).as(text).contains(new Mailbox(personal, address));
            assertThat(EmailAddresses.mailboxProblem(text)).isEmpty();
        }

        @ParameterizedTest(name = "{0}")
        @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
                Contoso IT <john smith@contoso.com>     | has an invalid address between < and >, which contains a space
                Contoso IT <a@x.net, b@y.org>           | has an invalid address between < and >, which holds more than one address
                Contoso IT <it@contoso>                 | has an invalid address between < and >, which has no dot in its domain (it should be like example.net)
                Contoso IT <>                           | has an invalid address between < and >, which is empty
                Contoso IT <it@contoso.com              | has no closing > after the address
                Contoso IT <it@contoso.com> x           | has text after the closing >
                Contoso IT <it@contoso.com> <x@y.org>   | has text after the closing >
                IT, Contoso <it@contoso.com>            | has the character ',' in its display name; put the name in double quotes
                it@contoso.com <it@contoso.com>         | has the character '@' in its display name; put the name in double quotes
                "Contoso IT <it@contoso.com>            | has a display name with no closing double quote
                "Contoso IT"                            | has a quoted display name but no address in angle brackets (< >) after it
                Contoso IT                              | contains a space
                john smith@contoso.com                  | contains a space
                """)
        void anythingElseIsRefusedWithItsReason(String text, String reason) {
            assertThat(EmailAddresses.parseMailbox(text)).as(text).isEmpty();
            assertThat(EmailAddresses.mailboxProblem(text)).as(text).contains(reason);
        }

        @Test
        void aLineBreakAnywhereIsRefused() {
            for (String text : new String[] { "Contoso IT <it@contoso.com>\r\nBcc: all@contoso.com",
                    "\"Contoso\r\nBcc: all@contoso.com\" <it@contoso.com>", "it@contoso.com\n", "Contoso\nIT <it@contoso.com>" }) {
                assertThat(EmailAddresses.parseMailbox(text)).as(text).isEmpty();
                assertThat(EmailAddresses.mailboxProblem(text)).as(text).contains("contains a line break");
            }
        }

        @Test
        void anInvisibleCharacterInTheNameIsRefused() {
            assertThat(EmailAddresses.mailboxProblem("\"Contoso\u202EIT\" <it@contoso.com>"))
                .contains("has an invisible character in its display name");
        }

        @Test
        void nothingIsNoSender() {
            assertThat(EmailAddresses.parseMailbox(null)).isEmpty();
            assertThat(EmailAddresses.parseMailbox(" ")).isEmpty();
            assertThat(EmailAddresses.mailboxProblem(null)).contains("is empty");
        }
    }

    @Test
    void theDomainIsTheLowerCasedPartAfterTheAt() {
        assertThat(EmailAddresses.domain("Jane.Doe@Example.NET")).isEqualTo("example.net");
        assertThat(EmailAddresses.domain("王小明@例子.中国")).isEqualTo("例子.中国");
        assertThat(EmailAddresses.domain("no-at-sign")).isEmpty();
        assertThat(EmailAddresses.domain(null)).isEmpty();
    }

    @Test
    void maskingKeepsTheFirstCharacterAndTheDomain() {
        assertThat(EmailAddresses.mask("jane.doe@example.net")).isEqualTo("j***@example.net");
        assertThat(EmailAddresses.mask("not an address")).isEqualTo("***");
        assertThat(EmailAddresses.mask(null)).isEmpty();
        assertThat(EmailAddresses.mask("")).isEmpty();
    }

    @Test
    void charactersAreDescribedSoTheyCanBeFound() {
        assertThat(EmailAddresses.describe('_')).isEqualTo("'_'");
        assertThat(EmailAddresses.describe(0x212A)).isEqualTo("U+212A KELVIN SIGN");
        assertThat(EmailAddresses.describe(' ')).isEqualTo("U+0020 SPACE");
        assertThat(EmailAddresses.describe(0x1F600)).isEqualTo("U+1F600 GRINNING FACE");
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
            "550 5.1.1 <jane.doe@example.net>: Recipient address rejected | 550 5.1.1 <j***@example.net>: Recipient address rejected",
            "told before at anna.berg@example.net and at ben@mail.example.org | told before at a***@example.net and at b***@mail.example.org",
            "already masked: j***@example.net | already masked: j***@example.net",
            "no address here, only an @ sign | no address here, only an @ sign",
            "müller.jürgen@beispiel.de | m***@beispiel.de" })
    void everyAddressInATextIsMaskedAsTheAddressColumnMasksOne(String text, String masked) {
        assertThat(EmailAddresses.maskEach(text)).isEqualTo(masked);
    }

    @org.junit.jupiter.api.Test
    void theUsersOwnNameIsKeptForItHasAColumnOfItsOwn() {
        assertThat(EmailAddresses.maskEach("no user 'Nobody.Here@contoso.example' in the directory; told "
                + "nobody.here@example.net", "nobody.here@contoso.example"))
            .isEqualTo("no user 'Nobody.Here@contoso.example' in the directory; told n***@example.net");
        assertThat(EmailAddresses.maskEach("'patti.f@example.org; patti@example.com'", null))
            .isEqualTo("'p***@example.org; p***@example.com'");
    }
}
