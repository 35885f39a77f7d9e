package org.bulkresend.cli;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Map;

import org.bulkresend.password.PasswordHashing;
import org.bulkresend.support.BulkResendFixture;
import org.bulkresend.support.Cli;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What an admin sees of the embedded directory's Temporary Access Passes through the command
 * line: its policy ({@code directory tap-policy}), a user's sign-in with their password or pass
 * ({@code directory sign-in}), and who holds a pass ({@code directory list}). Passes are put in
 * the database as the directory stores them, hashed, with times around the real clock's now.
 */
class DirectoryPassCommandsTests {

    static final String ANNA = "anna.berg@contoso.example";

    static final String ANNA_PASSWORD = "Anna-Own-Pass-2026!";

    static final String MARCO = "marco.bianchi@contoso.example";

    static final String PASS = "Kp7wXr4q";

    @RegisterExtension
    static BulkResendFixture fixture = BulkResendFixture.withDirectory("""
            userPrincipalName,displayName,accountState,alternateEmail,password
            anna.berg@contoso.example,Anna Berg,ACTIVE,anna.berg@example.net,Anna-Own-Pass-2026!
            ben.okafor@contoso.example,Ben Okafor,ACTIVE,ben.okafor@example.net,
            marco.bianchi@contoso.example,Marco Bianchi,BLOCKED,marco@example.org,
            """).withoutMail();

    Instant now;

    @BeforeEach
    void now() {
        this.now = Instant.now().truncatedTo(ChronoUnit.MINUTES);
    }

    /** Gives the user a pass as the embedded directory stores one: only its hash, with its terms. */
    void givePass(String user, String pass, Instant startsAt, Instant endsAt, boolean usableOnce, Instant usedAt) {
        fixture.database().update("DELETE FROM DIRECTORY_TAP WHERE UPN_KEY = ?", user);
        fixture.database().update("INSERT INTO DIRECTORY_TAP (UPN_KEY, PASS_HASH, STARTS_AT, ENDS_AT, USABLE_ONCE, "
                + "USED_AT, CREATED_AT) VALUES (?, ?, ?, ?, ?, ?, ?)", user, PasswordHashing.encoder(4).encode(pass),
                utc(startsAt), utc(endsAt), usableOnce, utc(usedAt), utc(startsAt));
    }

    static OffsetDateTime utc(Instant instant) {
        return (instant != null) ? instant.atOffset(ZoneOffset.UTC) : null;
    }

    Cli.Result signIn(String user, String secret) {
        return fixture.cli().run("directory", "sign-in", "--user", user, "--secret-file",
                fixture.cli().passwordFile(secret));
    }

    Object usedAt(String user) {
        return fixture.database().query("SELECT USED_AT FROM DIRECTORY_TAP WHERE UPN_KEY = ?", user).get(0)
            .get("USED_AT");
    }

    Map<String, Object> policyRow() {
        return fixture.database().query("SELECT * FROM DIRECTORY_TAP_POLICY").get(0);
    }

    @Test
    void thePolicyIsEntraIdsDefaultsUntilAnAdminChangesIt() {
        Cli.Result shown = fixture.cli().run("directory", "tap-policy");

        assertThat(shown.exitCode()).as(shown.toString()).isZero();
        assertThat(shown.out()).contains("Temporary Access Pass policy of the embedded directory: enabled; lifetime "
                + "1 hour to 8 hours, default 1 hour; passes may be used more than once; 8 characters (Microsoft Entra "
                + "ID's defaults).");

        Cli.Result changed = fixture.cli().run("directory", "tap-policy", "--min-lifetime", "30m", "--max-lifetime",
                "1d", "--default-lifetime", "2h", "--usable-once", "true", "--length", "12");

        assertThat(changed.exitCode()).as(changed.toString()).isZero();
        assertThat(changed.out()).contains("Changed the Temporary Access Pass policy of the embedded directory: enabled; "
                + "lifetime 30 minutes to 1 day, default 2 hours; every pass is one-time; 12 characters.");
        assertThat(policyRow()).containsEntry("ENABLED", true).containsEntry("MIN_LIFETIME_MINUTES", 30)
            .containsEntry("MAX_LIFETIME_MINUTES", 1440).containsEntry("DEFAULT_LIFETIME_MINUTES", 120)
            .containsEntry("USABLE_ONCE", true).containsEntry("PASS_LENGTH", 12);
        assertThat(policyRow().get("UPDATED_AT")).isNotNull();

        Cli.Result disabled = fixture.cli().run("directory", "tap-policy", "--enabled", "false");

        assertThat(disabled.out()).contains("disabled; lifetime 30 minutes to 1 day");
        assertThat(policyRow()).containsEntry("ENABLED", false).containsEntry("PASS_LENGTH", 12);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "--min-lifetime 5m | --min-lifetime must be between 10m and 30d, was 5m.",
            "--max-lifetime 31d | --max-lifetime must be between 10m and 30d, was 31d.",
            "--default-lifetime soon | --default-lifetime: 'soon' is not a duration",
            "--default-lifetime PT10M30S | --default-lifetime must be whole minutes, as Entra ID keeps lifetimes, was "
                    + "PT10M30S.",
            "--default-lifetime 9h | The default lifetime (9 hours) must be between the minimum (1 hour) and the "
                    + "maximum (8 hours).",
            "--min-lifetime 10h | The minimum lifetime (10 hours) must not be longer than the maximum (8 hours).",
            "--length 7 | --length must be between 8 and 48, was 7.",
            "--length 49 | --length must be between 8 and 48, was 49.",
            "--enabled maybe | '--enabled'" })
    void aPolicyEntraIdWouldNotAllowIsRefusedInOneSentenceAndNothingChanges(String args, String message) {
        String[] command = ("directory tap-policy " + args).split(" ");

        Cli.Result result = fixture.cli().run(command);

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).contains(message);
        CommandLineTests.assertNoStackTrace(result);
        assertThat(policyRow()).containsEntry("MIN_LIFETIME_MINUTES", 60).containsEntry("MAX_LIFETIME_MINUTES", 480)
            .containsEntry("DEFAULT_LIFETIME_MINUTES", 60).containsEntry("PASS_LENGTH", 8)
            .containsEntry("UPDATED_AT", null);
    }

    @Test
    void aUserSignsInWithTheirPasswordWhileTheyHoldAPass() {
        givePass(ANNA, PASS, this.now.minus(Duration.ofHours(1)), this.now.plus(Duration.ofHours(1)), true, null);

        Cli.Result result = signIn(ANNA, ANNA_PASSWORD);

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out().strip()).isEqualTo("Signed in as " + ANNA + " with their password.");
        assertThat(usedAt(ANNA)).as("the pass is still unused").isNull();
    }

    @Test
    void aReusablePassSignsInUntilItsEndAndItsFirstUseIsRecorded() {
        Instant end = this.now.plus(Duration.ofHours(1));
        givePass(ANNA, PASS, this.now.minus(Duration.ofHours(1)), end, false, null);

        Cli.Result first = signIn(ANNA, PASS);
        Object firstUse = usedAt(ANNA);
        Cli.Result second = signIn(ANNA, PASS);

        assertThat(first.exitCode()).as(first.toString()).isZero();
        assertThat(first.out().strip()).isEqualTo("Signed in as " + ANNA + " with their Temporary Access Pass, which "
                + "works until " + DirectoryCommand.WHEN_IN_ZONE.format(end) + " and may be used again.");
        assertThat(firstUse).isNotNull();
        assertThat(second.exitCode()).as(second.toString()).isZero();
        assertThat(usedAt(ANNA)).as("the first use stays recorded").isEqualTo(firstUse);
        assertThat(fixture.database().passwordMatches(ANNA, ANNA_PASSWORD)).as("the password is untouched").isTrue();
    }

    @Test
    void aOneTimePassSignsInOnceThenIsRefusedAsUsedUp() {
        givePass(ANNA, PASS, this.now.minus(Duration.ofHours(1)), this.now.plus(Duration.ofHours(1)), true, null);

        Cli.Result first = signIn(ANNA, PASS);
        Cli.Result second = signIn(ANNA, PASS);

        assertThat(first.exitCode()).as(first.toString()).isZero();
        assertThat(first.out().strip()).isEqualTo("Signed in as " + ANNA + " with their one-time Temporary Access "
                + "Pass, which is now used up.");
        assertThat(usedAt(ANNA)).isNotNull();
        assertThat(second.exitCode()).as(second.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(second.err()).contains("Sign-in refused for " + ANNA + ": their one-time Temporary Access Pass was "
                + "used up at ");
        assertThat(second.out()).isEmpty();
    }

    @Test
    void anExpiredPassIsRefusedAndStaysUnused() {
        Instant end = this.now.minus(Duration.ofMinutes(1));
        givePass(ANNA, PASS, this.now.minus(Duration.ofHours(2)), end, false, null);

        Cli.Result result = signIn(ANNA, PASS);

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err().strip()).isEqualTo("bulk-resend: Sign-in refused for " + ANNA + ": their Temporary "
                + "Access Pass expired at " + DirectoryCommand.WHEN_IN_ZONE.format(end) + ".");
        assertThat(usedAt(ANNA)).isNull();
    }

    @Test
    void aPassNotYetStartedIsRefusedAndStaysUnused() {
        Instant start = this.now.plus(Duration.ofDays(1));
        givePass(ANNA, PASS, start, start.plus(Duration.ofHours(1)), true, null);

        Cli.Result result = signIn(ANNA, PASS);

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).contains("Sign-in refused for " + ANNA + ": their Temporary Access Pass works only "
                + "from " + DirectoryCommand.WHEN_IN_ZONE.format(start) + ".");
        assertThat(usedAt(ANNA)).isNull();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "anna.berg@contoso.example | Wrong-Pass-1 | that is neither their password nor their Temporary Access Pass",
            "ben.okafor@contoso.example | Kp7wXr4q | that is neither their password nor their Temporary Access Pass",
            "nobody@contoso.example | Kp7wXr4q | there is no such user in the embedded directory",
            "marco.bianchi@contoso.example | Kp7wXr4q | the account is blocked from signing in" })
    void aSignInRefusedSaysWhyInOneLineAndExitsTwo(String user, String secret, String why) {
        givePass(MARCO, PASS, this.now.minus(Duration.ofHours(1)), this.now.plus(Duration.ofHours(1)), true, null);

        Cli.Result result = signIn(user, secret);

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).isEqualTo("bulk-resend: Sign-in refused for " + user + ": " + why + "."
                + System.lineSeparator());
        assertThat(result.out()).isEmpty();
        assertThat(usedAt(MARCO)).as("a blocked user's pass is not used up").isNull();
    }

    @Test
    void theSecretIsNeverAnArgument() {
        Assumptions.assumeTrue(System.getenv(DirectoryCommand.SignIn.SECRET_VARIABLE) == null);

        Cli.Result asArgument = fixture.cli().run("directory", "sign-in", "--user", ANNA, "--secret", ANNA_PASSWORD);
        Cli.Result none = fixture.cli().run("directory", "sign-in", "--user", ANNA);

        assertThat(asArgument.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(asArgument.err()).contains("--secret is not taken on the command line", "BULK_RESEND_SIGN_IN_SECRET",
                "--secret-file").doesNotContain(ANNA_PASSWORD);
        assertThat(none.exitCode()).as(none.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(none.err()).contains("No password or pass to sign in " + ANNA + " with: set "
                + "BULK_RESEND_SIGN_IN_SECRET, give --secret-file FILE, or run in a terminal to be asked.");
        CommandLineTests.assertNoStackTrace(none);
    }

    @Test
    void theListShowsWhoHoldsAPassAndUntilWhenButNeverThePass() {
        Instant end = this.now.plus(Duration.ofHours(3));
        givePass(ANNA, PASS, this.now.minus(Duration.ofHours(1)), end, false, null);
        givePass("ben.okafor@contoso.example", "Zt8mQa5n", this.now.minus(Duration.ofHours(1)), end, true,
                this.now.minus(Duration.ofMinutes(5)));

        Cli.Result list = fixture.cli().run("directory", "list");

        assertThat(list.exitCode()).as(list.toString()).isZero();
        assertThat(list.out()).contains("TAP").doesNotContain(PASS, "Zt8mQa5n", "{bcrypt}");
        assertThat(line(list, ANNA)).contains("until " + DirectoryCommand.WHEN.format(end));
        assertThat(line(list, "ben.okafor@contoso.example")).contains("used up");
        assertThat(line(list, MARCO)).doesNotContain("until", "used up");
    }

    private static String line(Cli.Result result, String user) {
        return result.out().lines().filter((line) -> line.startsWith(user)).findFirst().orElseThrow();
    }

    @Test
    void aDataDirectoryFromBeforePassesGainsTheirTablesAndKeepsItsUsers() {
        fixture.database().forgetMigrations();
        fixture.database().update("DROP TABLE DIRECTORY_TAP");
        fixture.database().update("DROP TABLE DIRECTORY_TAP_POLICY");

        Cli.Result policy = fixture.cli().run("directory", "tap-policy");
        Cli.Result list = fixture.cli().run("directory", "list");

        assertThat(policy.exitCode()).as(policy.toString()).isZero();
        assertThat(policy.out()).contains("(Microsoft Entra ID's defaults).");
        assertThat(list.exitCode()).as(list.toString()).isZero();
        assertThat(list.out()).contains(ANNA, "3 users.");
        assertThat(fixture.database().query("SELECT TABLE_NAME FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_NAME "
                + "IN ('DIRECTORY_TAP', 'DIRECTORY_TAP_POLICY') ORDER BY TABLE_NAME"))
            .extracting((row) -> row.get("TABLE_NAME")).containsExactly("DIRECTORY_TAP", "DIRECTORY_TAP_POLICY");
        assertThat(policyRow()).containsEntry("ENABLED", true).containsEntry("DEFAULT_LIFETIME_MINUTES", 60);
        givePass(ANNA, PASS, this.now.minus(Duration.ofHours(1)), this.now.plus(Duration.ofHours(1)), true, null);
        assertThat(signIn(ANNA, PASS).exitCode()).isZero();
    }
}
