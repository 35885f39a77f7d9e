package org.bulkresend;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

import org.bulkresend.cli.BulkResendCli;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;

/**
 * bulk-resend: resets and re-sends temporary passwords to users who never got their welcome
 * email. {@link #main} is the command line; the Spring context is started per command, once
 * the options (the data directory above all) are known.
 *
 * <p>The settings are validated as they are bound (see {@code BulkResendProperties}); nothing else
 * is, so the general-purpose validator and method validation are not set up for each command.
 */
@SpringBootApplication(exclude = ValidationAutoConfiguration.class)
public class BulkResendApplication {

    public static void main(String[] args) {
        int exitCode;
        try {
            exitCode = BulkResendCli.execute(args);
        }
        catch (Throwable fatal) {
            // Whatever escaped (an error while setting up the output itself): exit 3, never the JVM's 1.
            exitCode = BulkResendCli.fatal(new PrintWriter(System.err, true, StandardCharsets.UTF_8), fatal);
        }
        System.exit(exitCode);
    }
}
