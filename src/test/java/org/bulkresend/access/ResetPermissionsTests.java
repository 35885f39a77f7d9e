package org.bulkresend.access;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.bulkresend.credential.CredentialKind;
import org.bulkresend.directory.AccountState;
import org.bulkresend.directory.AdminRole;
import org.bulkresend.directory.DirectoryUser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The matrix, every operator role against every target role, written out here from Microsoft's
 * "Who can reset passwords" table rather than derived from the code under test.
 */
class ResetPermissionsTests {

    static final String NO_ROLE = "(no admin role)";

    static final List<String> PASSWORD_ADMIN = List.of(NO_ROLE, "Directory Readers", "Guest Inviter",
            "Password Administrator");

    static final List<String> HELPDESK_ADMIN = List.of(NO_ROLE, "Directory Readers", "Guest Inviter",
            "Password Administrator", "Helpdesk Administrator", "Message Center Reader", "Reports Reader",
            "Usage Summary Reports Reader", "User Experience Success Manager");

    static final List<String> AUTHENTICATION_ADMIN = List.of(NO_ROLE, "Directory Readers", "Guest Inviter",
            "Password Administrator", "Authentication Administrator", "Message Center Reader", "Reports Reader",
            "Usage Summary Reports Reader", "User Experience Success Manager");

    static final List<String> USER_ADMIN = List.of(NO_ROLE, "Directory Readers", "Guest Inviter",
            "Password Administrator", "Helpdesk Administrator", "Message Center Reader", "Reports Reader",
            "Usage Summary Reports Reader", "User Experience Success Manager", "Groups Administrator",
            "User Administrator");

    static final List<String> EVERYONE = Stream.concat(Stream.of(NO_ROLE),
            Stream.of(AdminRole.values()).map(AdminRole::displayName)).toList();

    static final Map<String, List<String>> MAY_RESET = Map.of("Global Administrator", EVERYONE,
            "Privileged Authentication Administrator", EVERYONE, "User Administrator", USER_ADMIN,
            "Helpdesk Administrator", HELPDESK_ADMIN, "Authentication Administrator", AUTHENTICATION_ADMIN,
            "Password Administrator", PASSWORD_ADMIN);

    static DirectoryUser user(String upn, Set<AdminRole> roles) {
        return new DirectoryUser(upn, upn, null, null, AccountState.ACTIVE, roles, null, null, null, false, null);
    }

    static Set<AdminRole> roles(String... names) {
        Set<AdminRole> roles = EnumSet.noneOf(AdminRole.class);
        for (String name : names) {
            if (!name.equals(NO_ROLE)) {
                roles.add(AdminRole.parse(name).orElseThrow());
            }
        }
        return roles;
    }

    static Stream<Arguments> everyOperatorRoleAgainstEveryTargetRole() {
        return matrix(MAY_RESET);
    }

    /** Each operator role, each target role, and whether the table lets the one act on the other. */
    static Stream<Arguments> matrix(Map<String, List<String>> table) {
        List<Arguments> cases = new ArrayList<>();
        for (AdminRole operator : AdminRole.values()) {
            for (String target : EVERYONE) {
                boolean allowed = table.getOrDefault(operator.displayName(), List.of()).contains(target);
                cases.add(Arguments.of(operator.displayName(), target, allowed));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} resets {1}: {2}")
    @MethodSource
    void everyOperatorRoleAgainstEveryTargetRole(String operatorRole, String targetRole, boolean allowed) {
        DirectoryUser operator = user("operator@contoso.example", roles(operatorRole));
        DirectoryUser target = user("target@contoso.example", roles(targetRole));

        assertThat(ResetPermissions.denial(operator, target).isEmpty()).isEqualTo(allowed);
        if (!allowed && !targetRole.equals(NO_ROLE) && ResetPermissions.canResetAnyone(operator.roles())) {
            assertThat(ResetPermissions.denial(operator, target).orElseThrow()).contains(targetRole);
        }
    }

    @Test
    void aTargetWithSeveralRolesNeedsPermissionForEachAndTheReasonNamesTheMissingOnes() {
        DirectoryUser helpdesk = user("hd@contoso.example", roles("Helpdesk Administrator"));
        DirectoryUser target = user("t@contoso.example", roles("Reports Reader", "Groups Administrator",
                "User Administrator"));

        assertThat(ResetPermissions.denial(helpdesk, target)).hasValueSatisfying((reason) -> assertThat(reason)
            .contains("Groups Administrator, User Administrator roles", "a Helpdesk Administrator may not reset")
            .doesNotContain("Reports Reader"));
        assertThat(ResetPermissions.denial(user("ua@contoso.example", roles("User Administrator")), target)).isEmpty();
    }

    @Test
    void anOperatorWithSeveralRolesGetsTheUnion() {
        DirectoryUser target = user("t@contoso.example", roles("Authentication Administrator", "Helpdesk Administrator"));

        assertThat(ResetPermissions.denial(user("h@contoso.example", roles("Helpdesk Administrator")), target)).isPresent();
        assertThat(ResetPermissions.denial(user("a@contoso.example", roles("Authentication Administrator")), target))
            .isPresent();
        assertThat(ResetPermissions.denial(
                user("ha@contoso.example", roles("Helpdesk Administrator", "Authentication Administrator")), target))
            .isEmpty();
    }

    @Test
    void nobodyResetsTheirOwnPasswordThroughTheJob() {
        DirectoryUser global = user("Adele.Vance@contoso.example", roles("Global Administrator"));

        assertThat(ResetPermissions.denial(global, user("adele.vance@contoso.example", Set.of())))
            .hasValueSatisfying((reason) -> assertThat(reason).contains("use self-service"));
    }

    @Test
    void onlyTheSixResettingRolesMaySignIn() {
        assertThat(ResetPermissions.canResetAnyone(roles("Reports Reader", "Groups Administrator"))).isFalse();
        assertThat(ResetPermissions.canResetAnyone(roles())).isFalse();
        assertThat(ResetPermissions.canResetAnyone(roles("Reports Reader", "Password Administrator"))).isTrue();
    }

    /**
     * Temporary Access Passes, every operator role against every target role, from Microsoft's
     * rule for them: an Authentication Administrator gives them to users without an admin role, a
     * Privileged Authentication Administrator or a Global Administrator to anyone. A Password,
     * Helpdesk or User Administrator, who may reset passwords, gives none.
     */
    static Stream<Arguments> everyOperatorRoleAgainstEveryTargetRoleForAPass() {
        return matrix(Map.of("Global Administrator", EVERYONE, "Privileged Authentication Administrator", EVERYONE,
                "Authentication Administrator", List.of(NO_ROLE)));
    }

    @ParameterizedTest(name = "{0} gives {1} a pass: {2}")
    @MethodSource
    void everyOperatorRoleAgainstEveryTargetRoleForAPass(String operatorRole, String targetRole, boolean allowed) {
        DirectoryUser operator = user("operator@contoso.example", roles(operatorRole));
        DirectoryUser target = user("target@contoso.example", roles(targetRole));

        assertThat(ResetPermissions.denial(operator, target, CredentialKind.TAP).isEmpty()).isEqualTo(allowed);
    }

    @Test
    void aPassDenialNamesTheRoleItTakes() {
        DirectoryUser user = user("new.hire@contoso.example", Set.of());
        DirectoryUser reader = user("reader@contoso.example", roles("Reports Reader"));

        assertThat(ResetPermissions.denial(user("pa@contoso.example", roles("Password Administrator")), user,
                CredentialKind.TAP)).contains("a Password Administrator may not give a Temporary Access Pass: it "
                        + "takes an Authentication Administrator, a Privileged Authentication Administrator or a "
                        + "Global Administrator");
        assertThat(ResetPermissions.denial(user("aa@contoso.example", roles("Authentication Administrator")), reader,
                CredentialKind.TAP)).contains("the user holds the Reports Reader role: a Temporary Access Pass for a "
                        + "user with an admin role takes a Privileged Authentication Administrator or a Global "
                        + "Administrator, and an Authentication Administrator is neither");
        assertThat(ResetPermissions.denial(user("ua@contoso.example", roles("User Administrator")), user,
                CredentialKind.PASSWORD)).as("a password is the password matrix's").isEmpty();
    }

    @Test
    void nobodyGivesThemselvesAPass() {
        DirectoryUser global = user("adele.vance@contoso.example", roles("Global Administrator"));

        assertThat(ResetPermissions.denial(global, user("Adele.Vance@contoso.example", Set.of()), CredentialKind.TAP))
            .contains("operators do not give themselves a Temporary Access Pass through bulk-resend");
    }
}
