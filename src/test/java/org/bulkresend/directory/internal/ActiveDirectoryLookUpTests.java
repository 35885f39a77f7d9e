package org.bulkresend.directory.internal;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.bulkresend.directory.DirectoryUser;
import org.bulkresend.password.Secret;
import org.bulkresend.support.DomainSeed;
import org.bulkresend.support.SambaDomain;
import org.bulkresend.support.TestCertificateAuthority;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Look-ups against a real Samba domain controller, below the command: how many names one search
 * asks for, and what a user found by each of their names looks like.
 */
class ActiveDirectoryLookUpTests {

    static ActiveDirectory asHelpdesk() {
        ActiveDirectory directory = new ActiveDirectory(new DomainConnection(URI.create(SambaDomain.shared().ldapsUrl()),
                false, TestCertificateAuthority.clientContext(), TestCertificateAuthority.caFile(), Duration.ofSeconds(30)),
                null, "otherMailbox", null, null);
        assertThat(directory.bind(DomainSeed.HELPDESK, Secret.of(DomainSeed.HELPDESK_PASSWORD))).isEmpty();
        return directory;
    }

    @Test
    void aPreflightsThousandsOfNamesAreAskedForAFewHundredAtATimeAndAllFound() {
        List<String> hires = DomainSeed.newHires(SambaDomain.shared(), "many", 3);
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 2 * ActiveDirectory.NAMES_PER_SEARCH + 10; i++) {
            names.add("absent" + i + SambaDomain.SUFFIX);
        }
        names.set(0, hires.get(0));
        names.set(ActiveDirectory.NAMES_PER_SEARCH, hires.get(1).toUpperCase(Locale.ROOT));
        names.add(SambaDomain.NETBIOS + "\\" + hires.get(2).substring(0, hires.get(2).indexOf('@')));

        try (ActiveDirectory directory = asHelpdesk()) {
            Map<String, DirectoryUser> found = directory.findAll(names);

            assertThat(found).hasSize(3);
            assertThat(found.get(DirectoryUser.key(hires.get(1))).userPrincipalName()).isEqualTo(hires.get(1));
            assertThat(found.get(DirectoryUser.key(names.get(names.size() - 1))).userPrincipalName())
                .isEqualTo(hires.get(2));
            assertThat(found.values()).allSatisfy((user) -> {
                assertThat(user.alternateEmail()).endsWith("@home.example");
                assertThat(user.mustChangePassword()).isFalse();
            });
        }
    }
}
