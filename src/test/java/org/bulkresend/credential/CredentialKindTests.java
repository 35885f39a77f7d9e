package org.bulkresend.credential;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** The names {@code --credential} and {@code BULK_RESEND_CREDENTIAL} take. */
class CredentialKindTests {

    @Test
    void passwordAndTapInAnyCase() {
        assertThat(CredentialKind.parse("password")).isEqualTo(CredentialKind.PASSWORD);
        assertThat(CredentialKind.parse(" TAP ")).isEqualTo(CredentialKind.TAP);
        assertThat(CredentialKind.parse("Temporary_Access_Pass")).isEqualTo(CredentialKind.TAP);
        assertThat(CredentialKind.TAP.option()).isEqualTo("tap");
        assertThat(CredentialKind.TAP.description()).isEqualTo("a Temporary Access Pass");
    }

    @Test
    void anythingElseIsRefusedNamingTheKinds() {
        assertThatIllegalArgumentException().isThrownBy(() -> CredentialKind.parse("otp"))
            .withMessage("'otp' is not a kind of credential: use password or tap");
        assertThatIllegalArgumentException().isThrownBy(() -> CredentialKind.parse(null))
            .withMessage("'' is not a kind of credential: use password or tap");
    }
}
