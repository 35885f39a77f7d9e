package org.bulkresend.job;

import java.util.Set;

import org.bulkresend.directory.AccountState;
import org.bulkresend.directory.DirectoryUser;
import org.bulkresend.input.ResendRequest;
import org.bulkresend.ledger.Status;
import org.bulkresend.password.Secret;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class EligibilityTests {

    static DirectoryUser user(AccountState state, String mail, String alternate) {
        return new DirectoryUser("jane.doe@contoso.example", "Jane Doe", "Jane", "Doe", state, Set.of(), mail, alternate,
                "en", false, null);
    }

    static ResendRequest row(String address, String password) {
        return new ResendRequest(7, "jane.doe@contoso.example", address, null, null,
                (password != null) ? Secret.of(password) : null, null);
    }

    @Test
    void anActiveUserWithAReadableAddressIsEligible() {
        ResendItem item = Eligibility.decide(row("jane@example.net", null), user(AccountState.ACTIVE, null, null));
        assertThat(item.isEligible()).isTrue();
        assertThat(item.address()).isEqualTo("jane@example.net");
    }

    @Test
    void withoutAnAddressInTheRowTheDirectorysAlternateEmailIsUsed() {
        ResendItem item = Eligibility.decide(row(null, null), user(AccountState.ACTIVE, null, "jd@example.org"));
        assertThat(item.isEligible()).isTrue();
        assertThat(item.address()).isEqualTo("jd@example.org");
    }

    @Test
    void anInvalidRowKeepsItsReason() {
        ResendRequest invalid = new ResendRequest(3, null, null, null, null, null, "no user principal name");
        ResendItem item = Eligibility.decide(invalid, null);
        assertThat(item.rejection()).isEqualTo(Status.REJECTED_INVALID_ROW);
        assertThat(item.reason()).isEqualTo("no user principal name");
    }

    @Test
    void unknownBlockedAndDeletedUsersAreNotReset() {
        assertThat(Eligibility.decide(row("j@example.net", null), null).rejection())
            .isEqualTo(Status.REJECTED_UNKNOWN_USER);
        ResendItem blocked = Eligibility.decide(row("j@example.net", null), user(AccountState.BLOCKED, null, null));
        assertThat(blocked.rejection()).isEqualTo(Status.REJECTED_NOT_ACTIVE);
        assertThat(blocked.reason()).contains("blocked");
        ResendItem deleted = Eligibility.decide(row("j@example.net", null), user(AccountState.SOFT_DELETED, null, null));
        assertThat(deleted.reason()).contains("deleted");
    }

    @Test
    void theUsersOwnMailboxIsUnreachableWhetherPrincipalNameOrMailAttribute() {
        ResendItem upn = Eligibility.decide(row("JANE.DOE@contoso.example", null), user(AccountState.ACTIVE, null, null));
        assertThat(upn.rejection()).isEqualTo(Status.REJECTED_UNREACHABLE_ADDRESS);
        assertThat(upn.reason()).contains("own mailbox");
        ResendItem mail = Eligibility.decide(row("jane@contoso.example", null),
                user(AccountState.ACTIVE, "jane@contoso.example", null));
        assertThat(mail.rejection()).isEqualTo(Status.REJECTED_UNREACHABLE_ADDRESS);
        ResendItem directoryOwn = Eligibility.decide(row(null, null),
                user(AccountState.ACTIVE, null, "jane.doe@contoso.example"));
        assertThat(directoryOwn.rejection()).isEqualTo(Status.REJECTED_UNREACHABLE_ADDRESS);
    }

    @Test
    void noAddressAnywhereOrAnInvalidDirectoryAddressIsUnreachable() {
        assertThat(Eligibility.decide(row(null, null), user(AccountState.ACTIVE, null, null)).reason())
            .contains("no notification address in the row and no alternate email in the directory");
        assertThat(Eligibility.decide(row(null, null), user(AccountState.ACTIVE, null, "broken@")).rejection())
            .isEqualTo(Status.REJECTED_UNREACHABLE_ADDRESS);
    }

    @Test
    void aWeakSuppliedPasswordRejectsTheRowWithoutEchoingIt() {
        ResendItem item = Eligibility.decide(row("j@example.net", "hunter22"), user(AccountState.ACTIVE, null, null));
        assertThat(item.rejection()).isEqualTo(Status.REJECTED_INVALID_ROW);
        assertThat(item.reason()).contains("password policy").doesNotContain("hunter22");
        assertThat(Eligibility.decide(row("j@example.net", "Hunter-2222"), user(AccountState.ACTIVE, null, null))
            .isEligible()).isTrue();
    }

    @Test
    void aRowHoldingAPasswordNeverPrintsIt() {
        assertThat(row("j@example.net", "Hunter-2222").toString()).doesNotContain("Hunter").contains("[secret]");
    }
}
