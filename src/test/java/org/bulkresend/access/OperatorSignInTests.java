package org.bulkresend.access;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.bulkresend.directory.AccountState;
import org.bulkresend.directory.AdminRole;
import org.bulkresend.directory.DirectoryUser;
import org.bulkresend.directory.internal.JdbcDirectory;
import org.bulkresend.password.PasswordHashing;
import org.bulkresend.password.Secret;
import org.bulkresend.support.SchemaDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;


import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** Sign-in against a real HSQLDB with the product's schema; the waits are recorded, not slept. */
class OperatorSignInTests {

    final List<Duration> waits = new ArrayList<>();

    OperatorSignIn signIn;

    @BeforeEach
    void directory() {
        SchemaDatabase database = SchemaDatabase.create("sign-in");
        JdbcDirectory directory = new JdbcDirectory(database.jdbc(), PasswordHashing.encoder(4),
                database.transactions(), Clock.systemUTC());
        directory.upsert(new DirectoryUser("hd@contoso.example", "Helpdesk", null, null, AccountState.ACTIVE,
                Set.of(AdminRole.HELPDESK_ADMINISTRATOR), null, null, "en", false, null));
        directory.setPassword("hd@contoso.example", Secret.of("Right-Pass-2026!"));
        AuditTrail audit = new AuditTrail(database.named(), Clock.systemUTC());
        this.signIn = new OperatorSignIn(directory, audit, Clock.systemUTC(), Duration.ofSeconds(1), this.waits::add);
    }

    void fail(String password) {
        assertThatExceptionOfType(OperatorRefusedException.class)
            .isThrownBy(() -> this.signIn.signIn("hd@contoso.example", Secret.of(password)));
    }

    @Test
    void eachFailureInARowDoublesTheWaitUpToThirtySeconds() {
        for (int i = 0; i < 8; i++) {
            fail("Wrong-Pass-" + i);
        }

        assertThat(this.waits).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4),
                Duration.ofSeconds(8), Duration.ofSeconds(16), Duration.ofSeconds(30), Duration.ofSeconds(30));
    }

    @Test
    void theFirstAttemptDoesNotWaitAndTheRightPasswordStillWorksAfterFailures() {
        assertThat(this.signIn.signIn("hd@contoso.example", Secret.of("Right-Pass-2026!")).userPrincipalName())
            .isEqualTo("hd@contoso.example");
        assertThat(this.waits).isEmpty();

        fail("Wrong-Pass-2026!");
        assertThat(this.signIn.signIn("HD@contoso.example", Secret.of("Right-Pass-2026!"))).isNotNull();
        assertThat(this.waits).containsExactly(Duration.ofSeconds(1));
    }

    @Test
    void thePasswordIsWipedOnceUsed() {
        Secret password = Secret.of("Right-Pass-2026!");
        this.signIn.signIn("hd@contoso.example", password);

        assertThatExceptionOfType(IllegalStateException.class).isThrownBy(password::reveal);
    }
}
