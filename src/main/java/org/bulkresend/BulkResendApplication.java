package org.bulkresend;

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
        System.exit(BulkResendCli.execute(args));
    }
}
