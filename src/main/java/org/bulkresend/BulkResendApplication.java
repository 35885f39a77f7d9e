package org.bulkresend;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

import org.bulkresend.cli.BulkResendCli;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * bulk-resend: resets and re-sends temporary passwords to users who never got their welcome
 * email. {@link #main} is the command line; the Spring context is started per command, once
 * the options (the data directory above all) are known.
 */
@SpringBootApplication
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
