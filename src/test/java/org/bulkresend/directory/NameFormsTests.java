package org.bulkresend.directory;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How a row may name its user: by user principal name everywhere, and in Active Directory also by
 * account name, alone or after the domain's short name.
 */
class NameFormsTests {

    @ParameterizedTest
    @ValueSource(strings = { "kenji.watanabe@contoso.example", "jsmith", "CONTOSO\\jsmith", "contoso-eu\\j.smith",
            "j_smith-2", "CONTOSO\\abcdefghijklmnopqrst" })
    void activeDirectoryTakesPrincipalAndAccountNames(String name) {
        assertThat(NameForms.PRINCIPAL_OR_ACCOUNT_NAMES.problem(name)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = { "jsmith", "CONTOSO\\jsmith" })
    void otherDirectoriesTakeOnlyPrincipalNamesAndSaySo(String name) {
        assertThat(NameForms.PRINCIPAL_NAMES.problem(name)).contains("is not of the form name@domain");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            CONTOSO\\                   | names no account after the \\
            \\jsmith                    | does not start with a domain's short (NetBIOS) name before the \\
            CONTOSO EUROPE\\jsmith      | does not start with a domain's short (NetBIOS) name
            VERYLONGDOMAINNAME1\\jsmith | does not start with a domain's short (NetBIOS) name
            abcdefghijklmnopqrstu       | is longer than an account name may be (20 characters): give the user principal name
            j*smith                     | holds '*', which no account name may hold
            CONTOSO\\j:smith            | holds ':', which no account name may hold
            j smith                     | holds 'U+0020', which no account name may hold
            jsmith.                     | ends in a dot
            """)
    void anAccountNameActiveDirectoryCouldNotHoldIsNamedWithWhy(String name, String problem) {
        assertThat(NameForms.PRINCIPAL_OR_ACCOUNT_NAMES.problem(name)).hasValueSatisfying(
                (said) -> assertThat(said).contains(problem));
    }

    @ParameterizedTest
    @ValueSource(strings = { "jsmith@", "@contoso.example", "j smith@contoso.example" })
    void aNameWithAnAtSignIsCheckedAsAPrincipalNameInEitherForm(String name) {
        assertThat(NameForms.PRINCIPAL_OR_ACCOUNT_NAMES.problem(name)).isPresent()
            .isEqualTo(NameForms.PRINCIPAL_NAMES.problem(name));
    }
}
