package org.bulkresend.directory.internal;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import org.bulkresend.support.Cli;
import org.bulkresend.support.FakeGraph;
import org.bulkresend.support.Mails;
import org.bulkresend.support.Reports;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With {@code --directory graph}, against a local Graph that, like many directories, compares
 * names ignoring case (and so takes KELVIN SIGN for k): a name that only folds into an existing
 * user's is refused before Graph is asked about it, and that user is neither reset nor told.
 */
class GraphFoldedNameTests {

    @RegisterExtension
    static GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    @TempDir
    Path work;

    FakeGraph graph;

    @BeforeEach
    void tenant() {
        this.graph = FakeGraph.start(GraphRunTests.TENANT, GraphRunTests.CLIENT);
        this.graph.secret(GraphRunTests.SECRET);
        this.graph.user(GraphRunTests.OPERATOR).displayName("Megan Bowen").preferredLanguage("en-US")
            .mail(GraphRunTests.OPERATOR).roles("User Administrator");
        this.graph.user("kenji.watanabe@contoso.com").displayName("Kenji Watanabe").preferredLanguage("ja-JP")
            .otherMails(new String[] { "kenji@home.example" });
        this.graph.user("lee.gu@contoso.com").displayName("Lee Gu").preferredLanguage("sv-SE")
            .otherMails(new String[] { "lee@home.example" });
    }

    @AfterEach
    void stop() {
        this.graph.close();
    }

    @Test
    void aKelvinSignInTheNameReachesNeitherGraphNorTheUserItResembles() throws Exception {
        Path input = Files.writeString(this.work.resolve("new-hires.csv"), """
                userPrincipalName,alternateEmail
                \u212Aenji.watanabe@contoso.com,
                lee.gu@contoso.com,
                """, StandardCharsets.UTF_8);
        Path secret = Files.writeString(this.work.resolve("graph-secret.txt"), GraphRunTests.SECRET + "\n");

        Cli.Result result = new Cli(this.work).run("run", "--input", input.toString(), "--directory", "graph",
                "--tenant-id", GraphRunTests.TENANT, "--client-id", GraphRunTests.CLIENT, "--client-secret-file",
                secret.toString(), "--graph-url", this.graph.url(), "--login-url", this.graph.url(), "--smtp-host",
                "127.0.0.1", "--smtp-port", String.valueOf(greenMail.getSmtp().getPort()), "--from",
                "helpdesk@contoso.com", "--operator", GraphRunTests.OPERATOR);

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        List<String> row = Reports.read(result).get("2");
        assertThat(row.get(4)).isEqualTo("REJECTED_INVALID_ROW");
        assertThat(row.get(5)).startsWith("user principal name '\u212Aenji.watanabe@contoso.com' contains the "
                + "character U+212A KELVIN SIGN, which is not allowed in a user name");
        assertThat(this.graph.resetCount("kenji.watanabe@contoso.com")).isZero();
        assertThat(this.graph.requests()).extracting((request) -> URLDecoder.decode(request.path(), StandardCharsets.UTF_8))
            .as("Graph never asked about the name").noneMatch((path) -> path.contains("\u212A") || path.contains("kenji"));
        assertThat(greenMail.getReceivedMessages()).extracting(Mails::to).containsExactly("lee@home.example");
        assertThat(this.graph.resetCount("lee.gu@contoso.com")).isOne();
    }
}
