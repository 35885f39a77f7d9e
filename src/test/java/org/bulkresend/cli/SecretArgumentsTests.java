package org.bulkresend.cli;

import org.bulkresend.support.BulkResendFixture;
import org.bulkresend.support.Cli;
import org.bulkresend.support.Contoso;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A secret given as an argument is in the process list for every account on the machine to
 * read, and in the shell history: refused before anything starts, however it is spelled, with
 * where to put it instead, and without repeating it.
 */
class SecretArgumentsTests {

    static final String VALUE = "Hunter2-Mail-Secret";

    @RegisterExtension
    static BulkResendFixture fixture = BulkResendFixture.withoutDirectory().withoutMail();

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            --spring.mail.password=                      | SPRING_MAIL_PASSWORD
            --SPRING.Mail.Password=                      | SPRING_MAIL_PASSWORD
            --spring.mail.password                       | SPRING_MAIL_PASSWORD
            --bulk-resend.graph.client-secret=           | BULK_RESEND_GRAPH_CLIENT_SECRET
            --bulk-resend.graph.clientSecret=            | BULK_RESEND_GRAPH_CLIENT_SECRET
            --bulk-resend.graph.certificate-password=    | BULK_RESEND_GRAPH_CERTIFICATE_PASSWORD
            --bulk-resend.ldap.bind-password=            | BULK_RESEND_LDAP_BIND_PASSWORD
            --bulk-resend.database.password=             | BULK_RESEND_DATABASE_PASSWORD
            --spring.datasource.password=                | SPRING_DATASOURCE_PASSWORD
            --client-secret                              | BULK_RESEND_GRAPH_CLIENT_SECRET
            --operator-password=                         | BULK_RESEND_OPERATOR_PASSWORD
            --smtp-password                              | SPRING_MAIL_PASSWORD
            """)
    void aSecretArgumentIsRefusedWithoutBeingRepeated(String argument, String variable) {
        Cli cli = fixture.cli();
        String[] secret = argument.endsWith("=") ? new String[] { argument + VALUE } : new String[] { argument, VALUE };
        String[] args = new String[3 + secret.length];
        args[0] = "run";
        args[1] = "--input";
        args[2] = Contoso.NEW_HIRES.toString();
        System.arraycopy(secret, 0, args, 3, secret.length);

        Cli.Result result = cli.run(args);

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.all()).doesNotContain(VALUE).doesNotContain(VALUE.toLowerCase());
        assertThat(result.err().strip().lines()).singleElement().asString()
            .startsWith("bulk-resend: --")
            .contains("is not taken on the command line", variable)
            .endsWith("Nothing was changed.");
        assertThat(result.out()).isEmpty();
        assertThat(cli.dataDir()).as("refused before anything started").doesNotExist();
    }

    @Test
    void settingsThatNameAFileOrAreNotSecretsAreStillTaken() {
        Cli.Result result = Cli.raw("validate", Contoso.NEW_HIRES.toString(),
                "--bulk-resend.passwords.length=20", "--bulk-resend.graph.client-secret-file=/dev/null");

        assertThat(result.exitCode()).as("read, with the file's problem rows: %s", result).isOne();
        assertThat(result.err()).doesNotContain("is not taken on the command line");
    }
}
