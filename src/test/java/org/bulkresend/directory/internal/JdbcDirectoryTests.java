package org.bulkresend.directory.internal;

import java.time.Clock;
import java.util.List;
import java.util.Set;

import org.bulkresend.directory.AccountState;
import org.bulkresend.directory.Directory.PasswordReset;
import org.bulkresend.directory.Directory.ResetResult;
import org.bulkresend.directory.DirectoryUser;
import org.bulkresend.password.PasswordHashing;
import org.bulkresend.password.Secret;
import org.bulkresend.support.SchemaDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;

import static org.assertj.core.api.Assertions.assertThat;

/** The embedded directory against a real HSQLDB with the product's schema. */
class JdbcDirectoryTests {

    static final PasswordEncoder ENCODER = PasswordHashing.encoder(4);

    JdbcDirectory directory;

    JdbcClient jdbc;

    @BeforeEach
    void database() {
        SchemaDatabase database = SchemaDatabase.create("directory");
        this.jdbc = database.jdbc();
        this.directory = new JdbcDirectory(this.jdbc, ENCODER, database.transactions(),
                Clock.systemUTC());
        this.directory.upsert(user("active@contoso.example", AccountState.ACTIVE));
        this.directory.upsert(user("blocked@contoso.example", AccountState.BLOCKED));
    }

    static DirectoryUser user(String upn, AccountState state) {
        return new DirectoryUser(upn, "User", null, null, state, Set.of(), null, "alt@example.net", "en", false, null);
    }

    @Test
    void oneUsersFailureDoesNotStopTheOthers() {
        List<ResetResult> results = this.directory.resetPasswords(List.of(
                new PasswordReset(user("active@contoso.example", AccountState.ACTIVE), Secret.of("Active-Pass-1")),
                new PasswordReset(user("gone@contoso.example", AccountState.ACTIVE), Secret.of("Gone-Pass-1")),
                new PasswordReset(user("blocked@contoso.example", AccountState.ACTIVE), Secret.of("Blocked-Pass-1"))));

        assertThat(results).extracting(ResetResult::succeeded).containsExactly(true, false, false);
        assertThat(results.get(1).failure()).contains("no longer exists or is no longer active");
        String hash = this.jdbc.sql("SELECT PASSWORD_HASH FROM DIRECTORY_USER WHERE UPN_KEY = 'active@contoso.example'")
            .query(String.class).single();
        assertThat(ENCODER.matches("Active-Pass-1", hash)).isTrue();
        assertThat(this.directory.find("ACTIVE@contoso.example")).hasValueSatisfying((user) -> {
            assertThat(user.mustChangePassword()).isTrue();
            assertThat(user.passwordLastSet()).isNotNull();
        });
        assertThat(this.directory.find("blocked@contoso.example").orElseThrow().mustChangePassword()).isFalse();
    }

    @Test
    void importingAgainUpdatesAttributesButNeverThePassword() {
        this.directory.resetPasswords(List.of(
                new PasswordReset(user("active@contoso.example", AccountState.ACTIVE), Secret.of("Active-Pass-1"))));

        boolean added = this.directory.upsert(new DirectoryUser("Active@Contoso.example", "Renamed", null, null,
                AccountState.ACTIVE, Set.of(), null, "new@example.net", "fr", false, null));

        assertThat(added).isFalse();
        DirectoryUser user = this.directory.find("active@contoso.example").orElseThrow();
        assertThat(user.displayName()).isEqualTo("Renamed");
        assertThat(user.alternateEmail()).isEqualTo("new@example.net");
        assertThat(user.mustChangePassword()).isTrue();
        assertThat(this.directory.count()).isEqualTo(2);
    }
}
