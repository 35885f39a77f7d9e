package org.bulkresend.cli;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** How the operator is asked for their password, where a terminal asks. */
class OperatorOptionsTests {

    @Test
    void thePromptNamesTheEmbeddedDirectorySoNobodyTypesTheirMicrosoft365Password() {
        String prompt = OperatorOptions.prompt("megan.bowen@contoso.com", Path.of("/srv/bulk-resend/data"));

        assertThat(prompt).isEqualTo("Password for megan.bowen@contoso.com in the embedded directory "
                + "(/srv/bulk-resend/data): ");
    }

    @Test
    void anOperatorNameWithControlCharactersIsShownEscaped() {
        String prompt = OperatorOptions.prompt("megan\u001b[2J@contoso.com", Path.of("data"));

        assertThat(prompt).doesNotContain("\u001b").startsWith("Password for megan");
    }
}
