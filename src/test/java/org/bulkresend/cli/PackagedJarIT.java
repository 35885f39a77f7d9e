package org.bulkresend.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.internet.MimeMessage;
import org.bulkresend.support.EmbeddedDatabase;
import org.bulkresend.support.Jar;
import org.bulkresend.support.Mails;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged jar as a scheduled job would start it: its own process, settings from the
 * environment only (the names admins put in cron files and systemd units), exit code checked.
 */
class PackagedJarIT {

    @RegisterExtension
    static GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    @TempDir
    Path work;

    Jar.Exit java(Map<String, String> env, String... args) throws IOException, InterruptedException {
        return new Jar(this.work, env).run(args);
    }

    @Test
    void environmentVariablesConfigureDataOutAndTheMailServer() throws Exception {
        Path data = this.work.resolve("state");
        Path out = this.work.resolve("results");
        Map<String, String> env = Map.of("BULK_RESEND_DATA_DIR", data.toString(), "BULK_RESEND_OUT_DIR", out.toString(),
                "SPRING_MAIL_HOST", "127.0.0.1", "SPRING_MAIL_PORT", String.valueOf(greenMail.getSmtp().getPort()),
                "BULK_RESEND_PASSWORDS_HASH_COST", "4", "BULK_RESEND_MAIL_FROM", "helpdesk@contoso.example",
                "BULK_RESEND_OPERATOR_PASSWORD", "Operator-Pass-2026!");
        Path directory = Files.writeString(this.work.resolve("directory.csv"), """
                userPrincipalName,displayName,alternateEmail,adminRoles,password
                helpdesk.lead@contoso.example,Helpdesk Lead,lead@example.net,Helpdesk Administrator,Operator-Pass-2026!
                grady.archie@contoso.example,Grady Archie,grady.archie@example.net,,
                joni.sherman@contoso.example,Joni Sherman,joni.sherman@example.net,,
                """);
        Path input = Files.writeString(this.work.resolve("new.csv"), """
                userPrincipalName
                grady.archie@contoso.example
                joni.sherman@contoso.example
                """);

        Jar.Exit imported = java(env, "directory", "import", directory.toString());
        Jar.Exit run = java(env, "run", "--input", input.toString(), "--operator", "helpdesk.lead@contoso.example");

        assertThat(imported.code()).as(imported.output()).isZero();
        assertThat(run.code()).as(run.output()).isZero();
        assertThat(run.output()).contains("SMTP server 127.0.0.1:" + greenMail.getSmtp().getPort(), "NOTIFIED", "Report:   " + out);
        assertThat(data.resolve("db")).isDirectory();
        assertThat(data.resolve("logs/bulk-resend.log")).isRegularFile();
        assertThat(this.work.resolve("data")).as("nothing in the default place").doesNotExist();
        MimeMessage[] messages = greenMail.getReceivedMessages();
        assertThat(messages).hasSize(2);
        EmbeddedDatabase database = new EmbeddedDatabase(data);
        for (MimeMessage message : messages) {
            String account = Mails.account(message);
            assertThat(database.passwordMatches(account, Mails.password(message))).as(account).isTrue();
            assertThat(message.getFrom()[0].toString()).as("BULK_RESEND_MAIL_FROM").isEqualTo("helpdesk@contoso.example");
        }
        assertThat(database.query("SELECT * FROM DIRECTORY_USER WHERE PASSWORD_HASH LIKE '{bcrypt}$2a$04$%'"))
            .as("the hash cost came from the environment too").hasSize(3);
    }

    @Test
    void aUsageErrorIsOneLineAndExitCodeTwo() throws Exception {
        Jar.Exit exit = java(Map.of(), "validate", "does-not-exist.csv");

        assertThat(exit.code()).isEqualTo(2);
        assertThat(exit.output().strip()).startsWith("bulk-resend: Input file not found").doesNotContain("\tat ");
        assertThat(exit.output().strip().lines()).hasSize(1);
    }
}
