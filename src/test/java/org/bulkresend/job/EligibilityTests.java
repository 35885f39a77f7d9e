package org.bulkresend.job;

import java.util.Set;

import org.bulkresend.directory.AccountState;
import org.bulkresend.directory.AdminRole;
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

    static final DirectoryUser GLOBAL_ADMIN = new DirectoryUser("admin@contoso.example", "Admin", null, null,
            AccountState.ACTIVE, Set.of(AdminRole.GLOBAL_ADMINISTRATOR), null, null, "en", false, null);

    static ResendRequest row(String address, String password) {
        return new ResendRequest(7, "jane.doe@contoso.example", address, null, null, null,
                (password != null) ? Secret.of(password) : null, null);
    }

    @Test
    void anActiveUserWithAReadableAddressIsEligible() {
        ResendItem item = Eligibility.decide(row("jane@example.net", null), user(AccountState.ACTIVE, null, null), GLOBAL_ADMIN);
        assertThat(item.isEligible()).isTrue();
        assertThat(item.address()).isEqualTo("jane@example.net");
    }

    @Test
    void withoutAnAddressInTheRowTheDirectorysAlternateEmailIsUsed() {
        ResendItem item = Eligibility.decide(row(null, null), user(AccountState.ACTIVE, null, "jd@example.org"), GLOBAL_ADMIN);
        assertThat(item.isEligible()).isTrue();
        assertThat(item.address()).isEqualTo("jd@example.org");
    }

    @Test
    void anInvalidRowKeepsItsReason() {
        ResendRequest invalid = new ResendRequest(3, null, null, null, null, null, null, "no user principal name");
        ResendItem item = Eligibility.decide(invalid, null, GLOBAL_ADMIN);
        assertThat(item.rejection()).isEqualTo(Status.REJECTED_INVALID_ROW);
        assertThat(item.reason()).isEqualTo("no user principal name");
    }

    @Test
    void unknownBlockedAndDeletedUsersAreNotReset() {
        assertThat(Eligibility.decide(row("j@example.net", null), null, GLOBAL_ADMIN).rejection())
            .isEqualTo(Status.REJECTED_UNKNOWN_USER);
        ResendItem blocked = Eligibility.decide(row("j@example.net", null), user(AccountState.BLOCKED, null, null), GLOBAL_ADMIN);
        assertThat(blocked.rejection()).isEqualTo(Status.REJECTED_NOT_ACTIVE);
        assertThat(blocked.reason()).contains("blocked");
        ResendItem deleted = Eligibility.decide(row("j@example.net", null), user(AccountState.SOFT_DELETED, null, null), GLOBAL_ADMIN);
        assertThat(deleted.reason()).contains("deleted");
    }

    @Test
    void theUsersOwnMailboxIsUnreachableWhetherPrincipalNameOrMailAttribute() {
        ResendItem upn = Eligibility.decide(row("JANE.DOE@contoso.example", null), user(AccountState.ACTIVE, null, null), GLOBAL_ADMIN);
        assertThat(upn.rejection()).isEqualTo(Status.REJECTED_UNREACHABLE_ADDRESS);
        assertThat(upn.reason()).contains("own mailbox");
        ResendItem mail = Eligibility.decide(row("jane@contoso.example", null),
                user(AccountState.ACTIVE, "jane@contoso.example", null), GLOBAL_ADMIN);
        assertThat(mail.rejection()).isEqualTo(Status.REJECTED_UNREACHABLE_ADDRESS);
        ResendItem directoryOwn = Eligibility.decide(row(null, null),
                user(AccountState.ACTIVE, null, "jane.doe@contoso.example"), GLOBAL_ADMIN);
        assertThat(directoryOwn.rejection()).isEqualTo(Status.REJECTED_UNREACHABLE_ADDRESS);
    }

    @Test
    void noAddressAnywhereOrAnInvalidDirectoryAddressIsUnreachable() {
        assertThat(Eligibility.decide(row(null, null), user(AccountState.ACTIVE, null, null), GLOBAL_ADMIN).reason())
            .contains("no notification address in the row and no alternate email in the directory");
        assertThat(Eligibility.decide(row(null, null), user(AccountState.ACTIVE, null, "broken@"), GLOBAL_ADMIN).rejection())
            .isEqualTo(Status.REJECTED_UNREACHABLE_ADDRESS);
    }

    @Test
    void aWeakSuppliedPasswordRejectsTheRowWithoutEchoingIt() {
        ResendItem item = Eligibility.decide(row("j@example.net", "hunter22"), user(AccountState.ACTIVE, null, null), GLOBAL_ADMIN);
        assertThat(item.rejection()).isEqualTo(Status.REJECTED_INVALID_ROW);
        assertThat(item.reason()).contains("password policy").doesNotContain("hunter22");
        assertThat(Eligibility.decide(row("j@example.net", "Hunter-2222"), user(AccountState.ACTIVE, null, null),
                GLOBAL_ADMIN).isEligible()).isTrue();
    }

    @Test
    void aUserTheOperatorMayNotResetIsDeniedBeforeAnythingElse() {
        DirectoryUser helpdesk = new DirectoryUser("hd@contoso.example", "Helpdesk", null, null, AccountState.ACTIVE,
                Set.of(AdminRole.HELPDESK_ADMINISTRATOR), null, null, "en", false, null);
        DirectoryUser userAdmin = new DirectoryUser("jane.doe@contoso.example", "Jane Doe", "Jane", "Doe",
                AccountState.BLOCKED, Set.of(AdminRole.USER_ADMINISTRATOR), null, null, "en", false, null);

        ResendItem item = Eligibility.decide(row("j@example.net", null), userAdmin, helpdesk);

        assertThat(item.rejection()).isEqualTo(Status.DENIED_NOT_PERMITTED);
        assertThat(item.reason()).contains("User Administrator", "a Helpdesk Administrator may not reset");
    }

    @Test
    void aRowHoldingAPasswordNeverPrintsIt() {
        assertThat(row("j@example.net", "Hunter-2222").toString()).doesNotContain("Hunter").contains("[secret]");
    }
}
