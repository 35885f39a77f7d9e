package org.bulkresend.support;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;

/** A generated tenant of N plain users and the input file that asks to reset all of them. */
public final class Tenant {

    private Tenant() {
    }

    /** The tenant's Global Administrator, who runs the job. */
    public static final String OPERATOR = "operator@contoso.example";

    public static final String OPERATOR_PASSWORD = "Operator-Pass-2026!";

    public static String upn(int i) {
        return "user" + i + "@contoso.example";
    }

    public static String alternate(int i) {
        return "user" + i + "@example.net";
    }

    /** Writes directory.csv and input.csv for users 0 to count - 1 into the folder. */
    public static void write(Path folder, int count) throws IOException {
        try (Writer directory = Files.newBufferedWriter(folder.resolve("directory.csv"));
                Writer input = Files.newBufferedWriter(folder.resolve("input.csv"))) {
            directory.write("userPrincipalName,displayName,alternateEmail,adminRoles,password\n");
            directory.write(OPERATOR + ",Operator,operator@example.net,Global Administrator," + OPERATOR_PASSWORD + "\n");
            input.write("userPrincipalName\n");
            for (int i = 0; i < count; i++) {
                directory.write(upn(i) + ",User " + i + "," + alternate(i) + ",,\n");
                input.write(upn(i) + "\n");
            }
        }
    }
}
