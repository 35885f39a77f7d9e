package org.bulkresend.directory.internal;

import java.time.Clock;
import java.util.List;
import java.util.Set;

import org.bulkresend.directory.AccountState;
import org.bulkresend.directory.DirectoryUser;
import org.bulkresend.password.Secret;
import org.bulkresend.support.SchemaDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The embedded directory, against a real HSQLDB, given a name that lower-casing alone would
 * turn into an existing user's: the row parser refuses such names first, and should one get
 * past it, the directory still finds nobody and changes nobody.
 */
class FoldedNameLookupTests {

    static final String KENJI = "kenji.watanabe@contoso.example";

    static final String KELVIN = "\u212Aenji.watanabe@contoso.example";

    JdbcDirectory directory;

    JdbcClient jdbc;

    @BeforeEach
    void database() {
        SchemaDatabase database = SchemaDatabase.create("folded");
        this.jdbc = database.jdbc();
        this.directory = new JdbcDirectory(this.jdbc, JdbcDirectoryTests.ENCODER,
                database.transactions(), Clock.systemUTC());
        this.directory.upsert(new DirectoryUser(KENJI, "Kenji Watanabe", null, null, AccountState.ACTIVE, Set.of(),
                null, "kenji.watanabe@example.net", "ja", false, null));
        this.directory.setPassword(KENJI, Secret.of("Kenji-Own-Pass-1"));
    }

    @Test
    void aKelvinSignIsNotTheLetterK() {
        assertThat(this.directory.find("Kenji.Watanabe@CONTOSO.example")).as("case still folds").isPresent();
        assertThat(this.directory.find(KELVIN)).isEmpty();
        assertThat(this.directory.find("\u212AENJI.WATANABE@CONTOSO.EXAMPLE")).isEmpty();
        assertThat(this.directory.findAll(List.of(KELVIN))).isEmpty();
    }

    @Test
    void theLookAlikeCannotSignInAsTheUserNorOverwriteThemOnImport() {
        assertThat(this.directory.verifyPassword(KELVIN, Secret.of("Kenji-Own-Pass-1"))).isFalse();

        boolean added = this.directory.upsert(new DirectoryUser(KELVIN, "Impostor", null, null, AccountState.ACTIVE,
                Set.of(), null, "impostor@example.net", "en", false, null));

        assertThat(added).as("a user of its own, not an update of kenji").isTrue();
        DirectoryUser kenji = this.directory.find(KENJI).orElseThrow();
        assertThat(kenji.displayName()).isEqualTo("Kenji Watanabe");
        assertThat(kenji.alternateEmail()).isEqualTo("kenji.watanabe@example.net");
        assertThat(this.directory.verifyPassword(KENJI, Secret.of("Kenji-Own-Pass-1"))).isTrue();
    }
}
