package org.bulkresend.job;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import jakarta.mail.internet.MimeMessage;
import org.bulkresend.support.BulkResendFixture;
import org.bulkresend.support.Cli;
import org.bulkresend.support.EmbeddedDatabase;
import org.bulkresend.support.Mails;
import org.bulkresend.support.Reports;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The files admins already have, as Excel and the admin centers save them, with accented and
 * CJK names: each one, unchanged, produces the same resets and the same report.
 */
class InputFormatsTests {

    static final Path FORMATS = Path.of("src/test/resources/fixtures/formats").toAbsolutePath();

    static final Map<String, String> RECIPIENTS = Map.of("elodie.lefevre@contoso.example", "elodie.lefevre@example.org",
            "lars.oberg@contoso.example", "lars.oberg@example.net", "wang.xiaoming@contoso.example",
            "wang.xiaoming@example.net", "sato.haruto@contoso.example", "sato.haruto@example.net",
            "giulia.rossi@contoso.example", "giulia.rossi@example.net");

    /** The report's rows without line numbers (the Entra template starts a line later). */
    static final Set<String> EXPECTED_REPORT = Set.of(
            "elodie.lefevre@contoso.example|Élodie Lefèvre|e***@example.org|NOTIFIED",
            "lars.oberg@contoso.example|Lars Öberg|l***@example.net|NOTIFIED",
            "wang.xiaoming@contoso.example|王小明|w***@example.net|NOTIFIED",
            "sato.haruto@contoso.example|佐藤 陽翔|s***@example.net|NOTIFIED",
            "giulia.rossi@contoso.example|Giulia Rossi|g***@example.net|NOTIFIED");

    @RegisterExtension
    static BulkResendFixture fixture = BulkResendFixture.withContoso();

    Cli.Result run(String file, String... extra) {
        return fixture.run(FORMATS.resolve(file), extra);
    }

    @ParameterizedTest
    @ValueSource(strings = { "plain.csv", "excel-unicode-text-utf16le.txt", "plain-utf16be.csv", "m365-add-users.csv",
            "m365-add-users-semicolon.csv", "entra-bulk-create.csv", "m365-export.csv", "entra-download.csv" })
    void everyFormatAndEncodingGivesTheSameResetsAndReport(String file) throws Exception {
        Cli.Result result = run(file);

        assertThat(result.exitCode()).as(result.toString()).isZero();
        MimeMessage[] messages = fixture.received();
        assertThat(messages).hasSize(5);
        EmbeddedDatabase database = fixture.database();
        for (MimeMessage message : messages) {
            String account = Mails.account(message);
            assertThat(Mails.to(message)).isEqualTo(RECIPIENTS.get(account));
            assertThat(database.passwordMatches(account, Mails.password(message))).as(account).isTrue();
        }
        Set<String> report = new TreeSet<>();
        Reports.read(result).values()
            .forEach((row) -> report.add(String.join("|", row.get(1), row.get(2), row.get(3), row.get(4))));
        assertThat(report).isEqualTo(EXPECTED_REPORT);
    }

    @Test
    void theEntraTemplatesCreationPasswordsAreNotReusedUnlessAsked() throws Exception {
        Cli.Result generated = run("entra-bulk-create.csv");

        assertThat(generated.exitCode()).as(generated.toString()).isZero();
        for (MimeMessage message : fixture.received()) {
            assertThat(Mails.password(message)).doesNotStartWith("Created-2026-");
        }
        fixture.greenMail().purgeEmailFromAllMailboxes();

        Cli.Result supplied = run("entra-bulk-create.csv", "--rerun", "--use-supplied-passwords");

        assertThat(supplied.exitCode()).as(supplied.toString()).isZero();
        EmbeddedDatabase database = fixture.database();
        assertThat(database.passwordMatches("elodie.lefevre@contoso.example", "Created-2026-0x")).isTrue();
        assertThat(database.passwordMatches("giulia.rossi@contoso.example", "Created-2026-4x")).isTrue();
        assertThat(fixture.received()).extracting(Mails::password)
            .containsExactlyInAnyOrder("Created-2026-0x", "Created-2026-1x", "Created-2026-2x", "Created-2026-3x",
                    "Created-2026-4x");
    }
}
