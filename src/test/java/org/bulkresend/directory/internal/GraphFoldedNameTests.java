package org.bulkresend.directory.internal;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.bulkresend.support.BulkResendFixture;
import org.bulkresend.support.Cli;
import org.bulkresend.support.Mails;
import org.bulkresend.support.Reports;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With {@code --directory graph}, against a local Graph that, like many directories, compares
 * names ignoring case (and so takes KELVIN SIGN for k): a name that only folds into an existing
 * user's is refused before Graph is asked about it, and that user is neither reset nor told.
 */
class GraphFoldedNameTests {

    @RegisterExtension
    static BulkResendFixture fixture = BulkResendFixture
        .withGraph(GraphRunTests.TENANT, GraphRunTests.CLIENT, GraphRunTests.SECRET)
        .sender("helpdesk@contoso.com")
        .operator(GraphRunTests.OPERATOR, null);

    @BeforeEach
    void tenant() {
        fixture.graph().user(GraphRunTests.OPERATOR).displayName("Megan Bowen").preferredLanguage("en-US")
            .mail(GraphRunTests.OPERATOR).roles("User Administrator");
        fixture.graph().user("kenji.watanabe@contoso.com").displayName("Kenji Watanabe").preferredLanguage("ja-JP")
            .otherMails(new String[] { "kenji@home.example" });
        fixture.graph().user("lee.gu@contoso.com").displayName("Lee Gu").preferredLanguage("sv-SE")
            .otherMails(new String[] { "lee@home.example" });
    }

    @Test
    void aKelvinSignInTheNameReachesNeitherGraphNorTheUserItResembles() throws Exception {
        Path input = Files.writeString(fixture.work().resolve("new-hires.csv"), """
                userPrincipalName,alternateEmail
                \u212Aenji.watanabe@contoso.com,
                lee.gu@contoso.com,
                """, StandardCharsets.UTF_8);

        Cli.Result result = fixture.run(input);

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        List<String> row = Reports.read(result).get("2");
        assertThat(row.get(4)).isEqualTo("REJECTED_INVALID_ROW");
        assertThat(row.get(5)).startsWith("user principal name '\u212Aenji.watanabe@contoso.com' contains the "
                + "character U+212A KELVIN SIGN, which is not allowed in a user name");
        assertThat(fixture.graph().resetCount("kenji.watanabe@contoso.com")).isZero();
        assertThat(fixture.graph().requests()).extracting((request) -> URLDecoder.decode(request.path(), StandardCharsets.UTF_8))
            .as("Graph never asked about the name").noneMatch((path) -> path.contains("\u212A") || path.contains("kenji"));
        assertThat(fixture.received()).extracting(Mails::to).containsExactly("lee@home.example");
        assertThat(fixture.graph().resetCount("lee.gu@contoso.com")).isOne();
    }
}
