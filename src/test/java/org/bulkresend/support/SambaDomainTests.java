package org.bulkresend.support;

import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.SearchScope;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The test domain is what the Active Directory tests take it for: seeded, delegated, and speaking LDAPS. */
class SambaDomainTests {

    @Test
    void theDomainAnswersLdapsWithTheTestAuthoritysCertificateAndHoldsTheSeed() throws Exception {
        SambaDomain domain = SambaDomain.shared();

        try (LDAPConnection helpdesk = domain.connect(DomainSeed.HELPDESK, DomainSeed.HELPDESK_PASSWORD)) {
            assertThat(helpdesk.getRootDSE().getAttributeValue("defaultNamingContext")).isEqualTo(SambaDomain.BASE_DN);
            assertThat(helpdesk.getEntry(SambaDomain.BASE_DN, "minPwdLength").getAttributeValueAsInteger("minPwdLength"))
                .isEqualTo(DomainSeed.MIN_PASSWORD_LENGTH);
            assertThat(helpdesk.searchForEntry(DomainSeed.STAFF_OU, SearchScope.SUB,
                    "(userPrincipalName=" + DomainSeed.PROTECTED + ")", "adminCount").getAttributeValue("adminCount"))
                .isEqualTo("1");
        }
        assertThat(domain.bindAnswer(DomainSeed.INTERN, "not-the-password")).contains("data 52e");
        assertThat(domain.bindAnswer(DomainSeed.INTERN, DomainSeed.INTERN_PASSWORD)).isNull();
    }
}
