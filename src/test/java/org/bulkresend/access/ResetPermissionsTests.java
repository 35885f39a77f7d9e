package org.bulkresend.access;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

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
        List<Arguments> cases = new ArrayList<>();
        for (AdminRole operator : AdminRole.values()) {
            for (String target : EVERYONE) {
                boolean allowed = MAY_RESET.getOrDefault(operator.displayName(), List.of()).contains(target);
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
}
