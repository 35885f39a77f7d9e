package org.bulkresend.tenant;

import jakarta.mail.internet.MimeMessage;
import org.bulkresend.support.BulkResendFixture;
import org.bulkresend.support.Cli;
import org.bulkresend.support.Mails;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** The sign-in address in the messages follows the users' Microsoft 365 cloud. */
class CloudTests {

    @RegisterExtension
    static BulkResendFixture fixture = BulkResendFixture.withContoso();

    Cli.Result run(String... extra) {
        return fixture.run(fixture.input(), extra);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({ "worldwide, https://portal.office.com", "21vianet, https://portal.partner.microsoftonline.cn",
            "germany, https://portal.office.de" })
    void everyMessageGivesTheCloudsSignInAddress(String cloud, String signIn) {
        Cli.Result result = run("--cloud", cloud);

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        assertThat(result.out()).contains("Sign-in:  " + signIn + " (as written in the messages; cloud: " + cloud + ")");
        for (MimeMessage message : fixture.received()) {
            assertThat(Mails.body(message)).as("the address ends before the text goes on").contains(signIn + " ");
            assertThat(Mails.html(message)).contains("<a href=\"" + signIn + "\"");
        }
        if (cloud.equals("germany")) {
            assertThat(result.err()).contains("warning: Microsoft Cloud Germany closed in October 2021");
        }
        else {
            assertThat(result.err()).doesNotContain("warning:");
        }
    }

    @Test
    void aSignInAddressGivenByTheAdminWins() {
        Cli.Result result = run("--cloud", "21vianet", "--sign-in-url", "https://login.contoso.example");

        assertThat(result.out()).contains("Sign-in:  https://login.contoso.example");
        assertThat(Mails.body(fixture.received()[0])).contains(" https://login.contoso.example ");
    }

    @Test
    void anUnknownCloudIsAUsageError() {
        Cli.Result result = run("--cloud", "mars");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("--cloud: unknown cloud 'mars': use worldwide, 21vianet, germany, usgov or usgov-dod");
        assertThat(fixture.received()).isEmpty();
    }

    @Test
    void namesAreParsedAsAdminsWriteThem() {
        assertThat(Cloud.parse(" 21VIANET ")).isEqualTo(Cloud.CHINA_21VIANET);
        assertThat(Cloud.parse("Germany").warning()).contains("closed in October 2021");
        assertThat(Cloud.WORLDWIDE.adminUrl()).isEqualTo("https://admin.microsoft.com");
        assertThat(Cloud.parse("USGov")).isEqualTo(Cloud.US_GOVERNMENT);
        assertThatIllegalArgumentException().isThrownBy(() -> Cloud.parse("usgov-high"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({ "worldwide, https://graph.microsoft.com, https://login.microsoftonline.com",
            "21vianet, https://microsoftgraph.chinacloudapi.cn, https://login.chinacloudapi.cn",
            "germany, https://graph.microsoft.de, https://login.microsoftonline.de",
            "usgov, https://graph.microsoft.us, https://login.microsoftonline.us",
            "usgov-dod, https://dod-graph.microsoft.us, https://login.microsoftonline.us" })
    void eachCloudHasItsOwnGraphAndSignInEndpoints(String cloud, String graph, String login) {
        assertThat(Cloud.parse(cloud).graphUrl()).isEqualTo(graph);
        assertThat(Cloud.parse(cloud).loginUrl()).isEqualTo(login);
    }
}
