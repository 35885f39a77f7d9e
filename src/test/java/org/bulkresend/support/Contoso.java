package org.bulkresend.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The Contoso tenant the end-to-end tests run against, in files the tests own
 * (src/test/resources/fixtures/contoso): a directory of 40 users (admins, blocked and deleted
 * accounts, users without an address of their own, names in six languages) and a new-hires file of
 * 34 rows, 26 of them users to tell and 8 with a problem each. The demo's samples may change
 * without touching these.
 */
public final class Contoso {

    private Contoso() {
    }

    public static final Path FOLDER = Path.of("src/test/resources/fixtures/contoso").toAbsolutePath();

    /** 40 users; the Global Administrator {@link Cli#OPERATOR} among them. */
    public static final Path DIRECTORY = FOLDER.resolve("directory.csv");

    /** 34 rows: the users of {@link #TOLD}, then one row for each problem a run meets. */
    public static final Path NEW_HIRES = FOLDER.resolve("new-hires.csv");

    /**
     * The users of {@link #NEW_HIRES} that a run tells, with the address each message must reach:
     * the row's own, or the directory's alternate email where the row has none.
     */
    public static final Map<String, String> TOLD = Map.ofEntries(
            Map.entry("grady.archie@contoso.example", "grady.archie@example.net"),
            Map.entry("henrietta.mueller@contoso.example", "h.mueller@example.org"),
            Map.entry("joni.sherman@contoso.example", "joni.sherman@example.net"),
            Map.entry("miriam.graham@contoso.example", "miriam.graham@example.net"),
            Map.entry("patti.fernandez@contoso.example", "patti.f@example.org"),
            Map.entry("diego.siciliani@contoso.example", "diego.siciliani@example.net"),
            Map.entry("johanna.lorenz@contoso.example", "johanna.lorenz@example.org"),
            Map.entry("emma.wright@contoso.example", "emma.wright@example.org"),
            Map.entry("giulia.rossi@contoso.example", "giulia.rossi@example.net"),
            Map.entry("francesca.romano@contoso.example", "francesca.romano@example.net"),
            Map.entry("luca.esposito@contoso.example", "luca.esposito@example.org"),
            Map.entry("chiara.colombo@contoso.example", "chiara.colombo@example.net"),
            Map.entry("astrid.lindqvist@contoso.example", "astrid.lindqvist@example.org"),
            Map.entry("erik.johansson@contoso.example", "erik.johansson@example.net"),
            Map.entry("sofia.nilsson@contoso.example", "sofia.nilsson@example.org"),
            Map.entry("lars.oberg@contoso.example", "lars.oberg@example.net"),
            Map.entry("camille.dubois@contoso.example", "camille.dubois@example.net"),
            Map.entry("elodie.lefevre@contoso.example", "elodie.lefevre@example.org"),
            Map.entry("antoine.moreau@contoso.example", "antoine.moreau@example.net"),
            Map.entry("chloe.girard@contoso.example", "chloe.girard@example.org"),
            Map.entry("wang.xiaoming@contoso.example", "wang.xiaoming@example.net"),
            Map.entry("lin.meihua@contoso.example", "lin.meihua@example.org"),
            Map.entry("huang.yating@contoso.example", "huang.yating@example.org"),
            Map.entry("sato.haruto@contoso.example", "sato.haruto@example.net"),
            Map.entry("suzuki.yui@contoso.example", "suzuki.yui@example.org"),
            Map.entry("tanaka.aoi@contoso.example", "tanaka.aoi@example.org"));

    /** The lines of {@link #NEW_HIRES} (the header is line 1) that name this user, in order. */
    public static List<Integer> linesOf(String userPrincipalName) {
        try {
            List<String> lines = Files.readAllLines(NEW_HIRES, StandardCharsets.UTF_8);
            String start = userPrincipalName.toLowerCase(Locale.ROOT) + ",";
            List<Integer> found = new ArrayList<>();
            for (int i = 1; i < lines.size(); i++) {
                if (lines.get(i).toLowerCase(Locale.ROOT).startsWith(start)) {
                    found.add(i + 1);
                }
            }
            return found;
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** The line of {@link #NEW_HIRES} that names this user first. */
    public static int lineOf(String userPrincipalName) {
        List<Integer> lines = linesOf(userPrincipalName);
        if (lines.isEmpty()) {
            throw new IllegalArgumentException(userPrincipalName + " is not in " + NEW_HIRES);
        }
        return lines.get(0);
    }
}
