package org.bulkresend.cli;

import java.awt.Font;
import java.awt.GraphicsEnvironment;
import java.awt.image.BufferedImage;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

import jakarta.mail.Message.RecipientType;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.internet.MimePart;
import org.bulkresend.credential.PassTerms;
import org.bulkresend.notify.MessageComposer;
import org.bulkresend.notify.MessageSettings;
import org.bulkresend.notify.MessageTemplates;
import org.bulkresend.notify.Notification;
import org.bulkresend.password.Secret;
import org.bulkresend.report.ReportWriter;
import org.bulkresend.support.Chromium;
import org.bulkresend.support.Cli;
import org.bulkresend.support.Reports;
import org.bulkresend.tenant.Cloud;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.unbescape.html.HtmlEscape;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.assertj.core.api.Assertions.withinPercentage;

/**
 * The pictures in docs/screenshots/ are of what users and admins really get: each built-in
 * language's message, written by the real {@link MessageComposer} with the demo's sender, helpdesk
 * and signature, under the header lines a mail client shows; and the HTML report of a real demo
 * run. Headless Chromium renders each one, and its DOM shows the greeting, the password and the
 * expiry, so a picture is never of an error page. With {@code -Dbulk-resend.docs.write=true} the
 * test writes the pictures into docs/screenshots/ (and refuses to write one that shows characters
 * no font of this machine has, which would be empty boxes); without it, it renders them afresh and
 * fails if a checked-in picture is missing, is not a PNG, or no longer has the shape of the one
 * rendered now. Pixels are not compared: fonts differ from one machine to the next.
 */
class DocumentationScreenshotsIT {

    static final Path SCREENSHOTS = Path.of("docs", "screenshots");

    static final String REGENERATE = "./mvnw -B -q test-compile failsafe:integration-test failsafe:verify "
            + "-Dit.test=DocumentationScreenshotsIT -D" + CommandReferenceTests.WRITE + "=true";

    /** Obviously a sample: the pictures are documentation, not a secret. */
    static final String PASSWORD = "Sample-Pa55word";

    /** When each user's password is reset, on the reader's clock; the message says 72 hours later. */
    static final LocalDateTime RESET_AT = LocalDateTime.parse("2026-11-23T09:30");

    static final Duration TTL = Duration.ofHours(72);

    /** A sample Temporary Access Pass, shaped as Entra ID's are: eight characters. */
    static final String PASS = "Tq7Xk2Pm";

    static final Duration PASS_LIFETIME = Duration.ofHours(8);

    static final int MESSAGE_WIDTH = 800;

    /** The report as it opens in a browser window of this size: its settings, its summary and the first rows. */
    static final int REPORT_WIDTH = 1280;

    static final int REPORT_HEIGHT = 900;

    private static final byte[] PNG = { (byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };

    private static final Pattern BODY = Pattern.compile("<body[^>]*>");

    private static final Pattern HEIGHT = Pattern.compile("<pre id=\"height\"[^>]*>(\\d+)</pre>");

    private static final Pattern SHOWN = Pattern.compile("(?s)<pre id=\"shown\"[^>]*>(.*?)</pre>");

    /**
     * A user of the demo's new-hires file for each built-in language, in a time zone where that
     * language is read, and what their message must say: its greeting, and the expiry sentence.
     */
    record Reader(String language, ZoneId zone, String userPrincipalName, String displayName, String address,
            String greeting, String expiry) {

        Instant resetAt() {
            return RESET_AT.atZone(this.zone).toInstant();
        }

        @Override
        public String toString() {
            return this.language;
        }
    }

    static final List<Reader> READERS = List.of(
            new Reader("en", ZoneId.of("America/New_York"), "grady.archie@contoso.example", "Grady Archie",
                    "grady.archie@example.net", "Hello Grady Archie,",
                    "The temporary password stops working on November 26, 2026 at 9:30 AM (Eastern Standard Time)."),
            new Reader("fr", ZoneId.of("Europe/Paris"), "camille.dubois@contoso.example", "Camille Dubois",
                    "camille.dubois@example.net", "Bonjour Camille Dubois,",
                    "Ce mot de passe temporaire cessera de fonctionner le 26 novembre 2026 à 9 h 30 "
                            + "(heure normale d'Europe centrale)"),
            new Reader("it", ZoneId.of("Europe/Rome"), "giulia.rossi@contoso.example", "Giulia Rossi",
                    "giulia.rossi@example.net", "Gentile Giulia Rossi,",
                    "La password temporanea smetterà di funzionare il giorno 26 novembre 2026 alle 9:30 "
                            + "(ora standard dell'Europa centrale)."),
            new Reader("ja", ZoneId.of("Asia/Tokyo"), "sato.haruto@contoso.example", "佐藤 陽翔",
                    "sato.haruto@example.net", "佐藤 陽翔 様",
                    "この仮パスワードの有効期限は2026年11月26日 9:30（日本標準時）です。"),
            new Reader("sv", ZoneId.of("Europe/Stockholm"), "lars.oberg@contoso.example", "Lars Öberg",
                    "lars.oberg@example.net", "Hej Lars Öberg!",
                    "Det tillfälliga lösenordet slutar fungera den 26 november 2026 kl. 09.30 "
                            + "(centraleuropeisk normaltid)."),
            new Reader("zh-TW", ZoneId.of("Asia/Taipei"), "wang.xiaoming@contoso.example", "王小明",
                    "wang.xiaoming@example.net", "王小明 您好：",
                    "此暫時密碼將於 2026年11月26日 9:30（台北標準時間）失效。"));

    @TempDir
    Path work;

    @Test
    void everyBuiltInLanguageIsPictured() {
        assertThat(READERS.stream().map(Reader::language))
            .containsExactlyInAnyOrderElementsOf(MessageTemplates.BUILT_IN);
    }

    @ParameterizedTest(name = "{0}")
    @FieldSource("READERS")
    void eachLanguagesMessageAsAMailClientShowsIt(Reader reader) throws Exception {
        Chromium chromium = Chromium.require(this.work);
        MimeMessage message = compose(reader);
        Path page = Files.writeString(this.work.resolve("message-" + reader.language() + ".html"),
                withHeaderLines(message, html(message)), StandardCharsets.UTF_8);

        Measured measured = measure(chromium, page, MESSAGE_WIDTH, Integer.MAX_VALUE);
        String text = text(measured.dom());
        assertThat(text).contains("Subject: " + message.getSubject(), "From: " + DemoCommand.DEMO_SENDER,
                "To: " + reader.displayName() + " <" + reader.address() + ">", reader.greeting(), PASSWORD,
                reader.expiry(), DemoCommand.DEMO_ORGANIZATION);
        assertThat(measured.shown()).as("the picture shows the whole message").contains(reader.displayName(),
                PASSWORD, DemoCommand.DEMO_ORGANIZATION);
        Path png = chromium.screenshot(page, this.work.resolve("message-" + reader.language() + ".png"),
                MESSAGE_WIDTH, measured.height());

        keep(png, measured.shown());
    }

    /** The Temporary Access Pass message, in two languages of different scripts. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = { "en", "ja" })
    void thePassMessageAsAMailClientShowsIt(String language) throws Exception {
        Reader reader = READERS.stream().filter((r) -> r.language().equals(language)).findFirst().orElseThrow();
        Chromium chromium = Chromium.require(this.work);
        MimeMessage message = composePass(reader);
        Path page = Files.writeString(this.work.resolve("message-tap-" + language + ".html"),
                withHeaderLines(message, html(message)), StandardCharsets.UTF_8);

        Measured measured = measure(chromium, page, MESSAGE_WIDTH, Integer.MAX_VALUE);
        assertThat(text(measured.dom())).contains("Subject: " + message.getSubject(), reader.greeting(), PASS,
                Cloud.WORLDWIDE.securityInfoUrl(), MessageComposer.expiry(reader.resetAt().plus(PASS_LIFETIME),
                        language, reader.zone()), DemoCommand.DEMO_ORGANIZATION);
        assertThat(measured.shown()).as("the picture shows the whole message").contains(reader.displayName(), PASS,
                DemoCommand.DEMO_ORGANIZATION);
        Path png = chromium.screenshot(page, this.work.resolve("message-tap-" + language + ".png"), MESSAGE_WIDTH,
                measured.height());

        keep(png, measured.shown());
    }

    @Test
    void theReportOfTheDemoRunAsABrowserShowsIt() throws Exception {
        Chromium chromium = Chromium.require(this.work);
        Cli.Result demo = new Cli(this.work.resolve("demo")).run("demo", "--samples",
                Path.of("samples").toAbsolutePath().toString());
        assertThat(demo.exitCode()).as(demo.toString()).isEqualTo(1);
        // The folder the project is in, as the README writes it: a reader's is elsewhere.
        String html = Files.readString(ReportWriter.htmlBeside(Reports.path(demo)), StandardCharsets.UTF_8);
        String project = Path.of("").toAbsolutePath().toString();
        assertThat(html).contains(project + "/samples/new-hires.csv");
        Path report = Files.writeString(this.work.resolve("report.html"), html.replace(project + "/", "/path/to/"),
                StandardCharsets.UTF_8);

        Measured measured = measure(chromium, report, REPORT_WIDTH, REPORT_HEIGHT);
        String text = text(measured.dom());
        assertThat(text).contains("Run 1: new-hires.csv", "/path/to/samples/new-hires.csv",
                "8 of 34 rows need attention.", "NOTIFIED", "REJECTED_UNKNOWN_USER", "REJECTED_UNREACHABLE_ADDRESS",
                "grady.archie@contoso.example")
            .doesNotContain(project, this.work.toString());
        assertThat(measured.shown()).as("the top of the page, not its last rows")
            .contains("Run 1: new-hires.csv", "REJECTED_UNREACHABLE_ADDRESS", "nobody.here")
            .doesNotContain("tanaka.aoi");
        Path png = chromium.screenshot(report, this.work.resolve("report.png"), REPORT_WIDTH, REPORT_HEIGHT);

        keep(png, measured.shown());
    }

    /** The message the demo would send this reader, with the sample password. */
    static MimeMessage compose(Reader reader) {
        return composer(reader).compose(Session.getInstance(new Properties()),
                new Notification(2, reader.userPrincipalName(), reader.displayName(), reader.address(),
                        Secret.of(PASSWORD), reader.language(), reader.resetAt().plus(TTL)));
    }

    /** The message the demo would send this reader with {@code --credential tap --tap-lifetime 8h --tap-once}. */
    static MimeMessage composePass(Reader reader) {
        return composer(reader).compose(Session.getInstance(new Properties()),
                Notification.ofPass(2, reader.userPrincipalName(), reader.displayName(), reader.address(),
                        Secret.of(PASS), reader.language(), reader.zone(),
                        PassTerms.of(reader.resetAt(), PASS_LIFETIME, true)));
    }

    /** The demo's composer, on the reader's clock at the moment of the reset. */
    static MessageComposer composer(Reader reader) {
        MessageSettings settings = new MessageSettings(DemoCommand.DEMO_SENDER, Cloud.WORLDWIDE,
                Cloud.WORLDWIDE.signInUrl(), DemoCommand.DEMO_HELPDESK, reader.zone(), DemoCommand.DEMO_HELPDESK_IN,
                DemoCommand.DEMO_ORGANIZATION);
        return new MessageComposer(settings, Clock.fixed(reader.resetAt(), reader.zone()));
    }

    /** The HTML part of the multipart/alternative message. */
    static String html(MimeMessage message) throws Exception {
        MimeMultipart alternative = (MimeMultipart) message.getContent();
        assertThat(alternative.getCount()).isEqualTo(2);
        MimePart rich = (MimePart) alternative.getBodyPart(1);
        assertThat(rich.getContentType()).startsWith("text/html");
        return (String) rich.getContent();
    }

    /** The message's page, with its subject, sender and recipient above it as a mail client shows them. */
    static String withHeaderLines(MimeMessage message, String html) throws Exception {
        String to = displayed((InternetAddress) message.getRecipients(RecipientType.TO)[0]);
        String from = displayed((InternetAddress) message.getFrom()[0]);
        String label = "color:#616161;display:inline-block;min-width:64px;";
        String header = "<div style=\"margin:0 0 24px 0;padding:0 0 12px 0;border-bottom:1px solid #d1d1d1;"
                + "font-family:'Segoe UI',Helvetica,Arial,sans-serif;font-size:14px;line-height:1.6;color:#1b1b1b;\">"
                + "<div style=\"font-size:18px;font-weight:600;margin:0 0 6px 0;\"><span style=\"" + label
                + "font-size:14px;font-weight:400;\">Subject:</span> "
                + HtmlEscape.escapeHtml5Xml(message.getSubject()) + "</div><div><span style=\"" + label
                + "\">From:</span> " + HtmlEscape.escapeHtml5Xml(from) + "</div><div><span style=\"" + label
                + "\">To:</span> " + HtmlEscape.escapeHtml5Xml(to) + "</div></div>";
        Matcher body = BODY.matcher(html);
        assertThat(body.find()).as("the message has a body: %s", html).isTrue();
        return html.substring(0, body.end()) + header + html.substring(body.end());
    }

    /** An address as a mail client shows it: the name, unquoted, and the address in angle brackets. */
    static String displayed(InternetAddress address) {
        return (address.getPersonal() != null) ? address.getPersonal() + " <" + address.getAddress() + ">"
                : address.getAddress();
    }

    /**
     * The page's DOM as Chromium builds it at a width, the height of the page drawn, and the text
     * drawn above a height: what a picture of that height shows.
     */
    record Measured(String dom, int height, String shown) {
    }

    /**
     * Loads a copy of the page with a script that writes into it its height and the text drawn
     * above {@code shownHeight}, placed first in its head (before the report's
     * Content-Security-Policy, which would forbid it), in a window as wide as the picture and
     * lower than the page, so that the height is the page's own.
     */
    static Measured measure(Chromium chromium, Path page, int width, int shownHeight) throws Exception {
        String html = Files.readString(page, StandardCharsets.UTF_8);
        String probe = """
                <script>
                document.addEventListener('DOMContentLoaded', () => {
                  const add = (id, text) => {
                    const pre = document.createElement('pre');
                    pre.id = id;
                    pre.style.display = 'none';
                    pre.textContent = text;
                    document.body.append(pre);
                  };
                  const texts = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
                  const range = document.createRange();
                  let shown = '';
                  for (let node = texts.nextNode(); node; node = texts.nextNode()) {
                    range.selectNodeContents(node);
                    const box = range.getBoundingClientRect();
                    if (box.height > 0 && box.top < %d) {
                      shown += node.textContent + ' ';
                    }
                  }
                  add('shown', shown);
                  add('height', String(Math.ceil(document.documentElement.getBoundingClientRect().height)));
                });
                </script>
                """.formatted(shownHeight);
        Matcher head = Pattern.compile("<head[^>]*>").matcher(html);
        assertThat(head.find()).as("the page has a head").isTrue();
        Path probed = Files.writeString(page.resolveSibling("probed-" + page.getFileName()),
                html.substring(0, head.end()) + probe + html.substring(head.end()), StandardCharsets.UTF_8);

        String dom = chromium.run(List.of("--window-size=" + width + ",200", "--dump-dom",
                probed.toAbsolutePath().toUri().toString())).stdout();

        Matcher height = HEIGHT.matcher(dom);
        Matcher shown = SHOWN.matcher(dom);
        assertThat(height.find() && shown.find()).as("the page's height and text, measured: %s", dom).isTrue();
        return new Measured(dom.substring(0, shown.start()), Integer.parseInt(height.group(1)),
                HtmlEscape.unescapeHtml(shown.group(1)));
    }

    /** What the page says, without its markup, style and scripts. */
    static String text(String dom) {
        String text = dom.replaceAll("(?s)<(script|style)[^>]*>.*?</\\1>", " ").replaceAll("<[^>]+>", "");
        return HtmlEscape.unescapeHtml(text).replace('\u00a0', ' ').replaceAll("[ \\t]+", " ");
    }

    /**
     * Writes the picture into docs/screenshots/ (when asked to, and where every character it shows
     * has a font here), or checks that the one there is a PNG of the same width and about the height.
     */
    private static void keep(Path png, String shown) throws Exception {
        Path checkedIn = SCREENSHOTS.resolve(png.getFileName().toString());
        BufferedImage rendered = ImageIO.read(png.toFile());
        if (Boolean.getBoolean(CommandReferenceTests.WRITE)) {
            Set<String> missing = withoutFont(shown);
            if (!missing.isEmpty()) {
                fail("Refusing to write " + checkedIn + ": no font on this machine has " + missing.size()
                        + " of the characters it shows (" + missing.stream().limit(10).collect(Collectors.joining(" "))
                        + ((missing.size() > 10) ? " ..." : "") + "), which the picture would show as empty boxes. "
                        + "Install a font that has them (Debian: apt-get install fonts-noto-cjk) and run again.");
            }
            Files.createDirectories(SCREENSHOTS);
            writeSmall(rendered, checkedIn);
            return;
        }
        assertThat(checkedIn).as("the picture in the documentation; write it with%n  %s", REGENERATE).isRegularFile();
        byte[] start = new byte[PNG.length];
        try (InputStream in = Files.newInputStream(checkedIn)) {
            assertThat(in.readNBytes(start, 0, PNG.length)).isEqualTo(PNG.length);
        }
        assertThat(start).as(checkedIn + " is a PNG").isEqualTo(PNG);
        BufferedImage kept = ImageIO.read(checkedIn.toFile());
        assertThat(kept.getWidth()).as(checkedIn + ": its width; rewrite it with%n  %s", REGENERATE)
            .isEqualTo(rendered.getWidth());
        assertThat(kept.getHeight()).as(checkedIn + ": its height (rendered now: %d); rewrite it with%n  %s",
                rendered.getHeight(), REGENERATE).isCloseTo(rendered.getHeight(), withinPercentage(30));
    }

    /** The picture as a PNG compressed as far as ImageIO goes: 10% to 25% smaller than Chromium writes it. */
    static void writeSmall(BufferedImage image, Path file) throws Exception {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("png").next();
        ImageWriteParam smallest = writer.getDefaultWriteParam();
        smallest.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        smallest.setCompressionQuality(0f);
        Files.deleteIfExists(file);
        try (ImageOutputStream out = ImageIO.createImageOutputStream(file.toFile())) {
            writer.setOutput(out);
            writer.write(null, new IIOImage(image, null, null), smallest);
        }
        finally {
            writer.dispose();
        }
    }

    /** The characters of the text that no font of this machine has. */
    static Set<String> withoutFont(String text) {
        Font[] fonts = GraphicsEnvironment.getLocalGraphicsEnvironment().getAllFonts();
        return text.codePoints()
            .filter((c) -> !Character.isWhitespace(c) && !Character.isISOControl(c))
            .filter((c) -> Arrays.stream(fonts).noneMatch((font) -> font.canDisplay(c)))
            .mapToObj(Character::toString)
            .collect(Collectors.toCollection(TreeSet::new));
    }
}
