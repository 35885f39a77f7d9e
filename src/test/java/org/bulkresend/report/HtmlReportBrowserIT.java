package org.bulkresend.report;

import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import javax.imageio.ImageIO;

import org.bulkresend.ledger.LedgerEntry;
import org.bulkresend.ledger.Status;
import org.bulkresend.report.HtmlReport.Setting;
import org.bulkresend.support.Chromium;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The HTML report as a browser shows it: a real headless Chromium loads the file from disk, with
 * nothing else to reach, and the tests look at the DOM it built, at its screenshot and at its
 * print. Skipped, saying why, where no Chromium can be had.
 */
class HtmlReportBrowserIT {

    /** Would change the page's title if the browser ever ran it. */
    static final String HOSTILE_NAME = "<img src=x onerror=\"document.title='owned'\">"
            + "<script>document.title='owned'</script>\"Bobby\" & Tables";

    /** Two tables of rows: the first thousand, then 200 more. */
    static final int ROWS = 1200;

    static final List<LedgerEntry> ROW_LIST = rows();

    static final Map<Status, Long> COUNTS = ROW_LIST.stream()
        .collect(Collectors.groupingBy(LedgerEntry::status, () -> new EnumMap<>(Status.class), Collectors.counting()));

    @TempDir
    Path work;

    Chromium chromium;

    Path report;

    String html;

    @BeforeEach
    void writeAReport() throws Exception {
        this.chromium = Chromium.require(this.work);
        this.report = this.work.resolve("Run 7 new-hires.html");
        List<LedgerEntry> rows = ROW_LIST;
        HtmlReport.write(this.report, "Run 7: new-hires.csv",
                List.of(new Setting("Input", "new-hires.csv"), new Setting("Operator", "helpdesk.lead@contoso.example"),
                        new Setting("Dry run", "no")),
                COUNTS, (sink) -> rows.forEach(sink));
        this.html = Files.readString(this.report, StandardCharsets.UTF_8);
    }

    /**
     * Lines 2 to 1201: the FAILED_RESET rows all in the first table, the NOTIFY_REJECTED rows all
     * in the second, the other problems spread through both; line 3 carries the hostile name.
     */
    static List<LedgerEntry> rows() {
        List<LedgerEntry> rows = new ArrayList<>();
        for (long line = 2; line < ROWS + 2; line++) {
            Status status = Set.of(10L, 500L, 900L, 1000L).contains(line) ? Status.FAILED_RESET
                    : Set.of(1100L, 1150L, 1200L).contains(line) ? Status.NOTIFY_REJECTED
                    : (line % 15 == 7) ? Status.REJECTED_INVALID_ROW
                    : (line % 24 == 5) ? Status.SKIPPED_ALREADY_NOTIFIED : Status.NOTIFIED;
            boolean notified = status == Status.NOTIFIED;
            String name = (line == 3) ? HOSTILE_NAME : "User " + line;
            Instant at = Instant.parse("2026-03-02T08:15:30Z").plusSeconds(line);
            rows.add(new LedgerEntry(7, line, "user" + line + "@contoso.example", name, "user" + line + "@example.net",
                    status, notified ? "" : status.meaning(), 1, notified ? at : null, notified ? at.plusSeconds(1) : null,
                    notified ? "<" + line + ".1772439330000@contoso.example>" : null, notified ? "en" : null));
        }
        return rows;
    }

    @Test
    void theBrowserBuildsTheChartTheCountsAndTheRows() throws Exception {
        String dom = this.chromium.dumpDom(this.report);

        assertThat(COUNTS).containsExactly(Map.entry(Status.NOTIFIED, 1063L), Map.entry(Status.SKIPPED_ALREADY_NOTIFIED, 50L),
                Map.entry(Status.REJECTED_INVALID_ROW, 80L), Map.entry(Status.FAILED_RESET, 4L),
                Map.entry(Status.NOTIFY_REJECTED, 3L));
        assertThat(dom).contains("<svg class=\"chart\" role=\"img\" aria-label=\"Rows per status: NOTIFIED 1063, "
                + "SKIPPED_ALREADY_NOTIFIED 50, REJECTED_INVALID_ROW 80, FAILED_RESET 4, NOTIFY_REJECTED 3. 1200 in total.\"");
        assertThat(all("<g class=\"bar (?:p|ok) s-(\\w+)\"><title>", dom)).containsExactly("NOTIFIED",
                "SKIPPED_ALREADY_NOTIFIED", "REJECTED_INVALID_ROW", "FAILED_RESET", "NOTIFY_REJECTED");
        assertThat(all("<rect class=\"fill\"[^>]* width=\"([\\d.]+)\"", dom)).hasSize(5).first().isEqualTo("400.00");
        assertThat(all("<text class=\"count\"[^>]*>([^<]*)</text>", dom)).containsExactly("1,063 \u00b7 89%",
                "50 \u00b7 4%", "80 \u00b7 7%", "4 \u00b7 &lt;1%", "3 \u00b7 &lt;1%");
        assertThat(dom).containsPattern("<th scope=\"row\">Total rows</th><td class=\"num\">1,200</td>")
            .containsPattern("<th scope=\"row\" class=\"st\"><span class=\"dot p\"></span>FAILED_RESET</th>"
                    + "<td class=\"num\">4</td>");
        List<String> lines = all("<tr class=\"s-\\w+\"><td class=\"num\">(\\d+)</td>", dom);
        assertThat(lines).hasSize(ROWS).startsWith("2", "3", "4").endsWith("1201");
        assertThat(all("(<table class=\"rows\">)", dom)).hasSize(2);

        assertThat(dom).as("the hostile name is text, not elements").doesNotContain("<img", "<script")
            .contains("<td>&lt;img src=x onerror=\"document.title='owned'\"&gt;&lt;script&gt;document.title='owned'"
                    + "&lt;/script&gt;\"Bobby\" &amp; Tables</td>");
        assertThat(dom).contains("<title>Run 7: new-hires.csv \u2013 bulk-resend report</title>");
    }

    @Test
    void aPersonSeesAChartAndATable() throws Exception {
        Path png = this.chromium.screenshot(this.report, this.work.resolve("report.png"), 1280, 900);

        assertThat(Files.size(png)).as("a real picture, not an empty page").isGreaterThan(40_000);
        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image.getWidth()).isEqualTo(1280);
        assertThat(image.getHeight()).isEqualTo(900);
        Set<Integer> colours = new HashSet<>();
        int calm = 0;
        int warm = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y) & 0xFFFFFF;
                colours.add(rgb);
                calm += near(rgb, 0x2f6f9f) ? 1 : 0;
                warm += near(rgb, 0xc4470f) ? 1 : 0;
            }
        }
        assertThat(colours).as("text, bars and lines, not one flat colour").hasSizeGreaterThan(100);
        assertThat(calm).as("pixels of the calm bars and the checked filter").isGreaterThan(2_000);
        assertThat(warm).as("pixels of the warm bars of the problems").isGreaterThan(500);
        Files.copy(png, Path.of("target", "html-report-screenshot.png"), StandardCopyOption.REPLACE_EXISTING);
    }

    /**
     * The filter, clicked. Chromium's --dump-dom cannot click and does not show computed style,
     * so a copy of the report gets a small probe script, put before the report's own
     * Content-Security-Policy (which would forbid it) and otherwise unchanged: once the page
     * has loaded, it clicks each filter's label as a person would, and writes which rows the
     * browser then renders (computed display and layout boxes) into the DOM, which --dump-dom
     * returns. The hiding itself is the report's CSS alone; the next test shows it with
     * scripts turned off.
     */
    @Test
    void clickingAFilterShowsOnlyTheRowsOfItsStatus() throws Exception {
        String probe = """
                <script>
                document.addEventListener('DOMContentLoaded', () => {
                  const rows = [...document.querySelectorAll('table.rows tbody tr')];
                  const shown = () => {
                    const tally = {};
                    for (const row of rows) {
                      if (getComputedStyle(row).display !== 'none' && row.getClientRects().length > 0) {
                        tally[row.className] = (tally[row.className] || 0) + 1;
                      }
                    }
                    const tables = [...document.querySelectorAll('table.rows')]
                      .filter((table) => getComputedStyle(table).display !== 'none').length;
                    return 'tables=' + tables + ' ' + Object.keys(tally).sort().map((k) => k + '=' + tally[k]).join(' ');
                  };
                  const lines = ['initial ' + shown()];
                  const radios = [...document.querySelectorAll('input[name=f]')];
                  for (const radio of [...radios.slice(1), radios[0]]) {
                    const label = document.querySelector('label[for="' + radio.id + '"]');
                    label.click();
                    lines.push(radio.id + ' checked=' + radio.checked + ' label=' + (label.getClientRects().length > 0)
                        + ' ' + shown());
                  }
                  const pre = document.createElement('pre');
                  pre.id = 'probe';
                  pre.textContent = lines.join('\\n');
                  document.body.append(pre);
                });
                </script>
                """;
        String charset = "<meta charset=\"utf-8\">\n";
        Path probed = Files.writeString(this.work.resolve("probed.html"), this.html.replace(charset, charset + probe));
        assertThat(Files.readString(probed).replace(probe, "")).isEqualTo(this.html);

        String dom = this.chromium.dumpDom(probed);

        Matcher result = Pattern.compile("<pre id=\"probe\">([^<]*)</pre>").matcher(dom);
        assertThat(result.find()).as("the probe ran: %s", dom.substring(Math.max(0, dom.length() - 2000))).isTrue();
        List<String> lines = result.group(1).lines().toList();
        String everyRow = COUNTS.entrySet()
            .stream()
            .map((e) -> "s-" + e.getKey().name() + "=" + e.getValue())
            .sorted()
            .collect(Collectors.joining(" "));
        List<String> expected = new ArrayList<>();
        expected.add("initial tables=2 " + everyRow);
        COUNTS.forEach((status, count) -> expected.add("f-" + status.name() + " checked=true label=true tables="
                + tablesWith(status) + " s-" + status.name() + "=" + count));
        expected.add("f-all checked=true label=true tables=2 " + everyRow);
        assertThat(expected).contains("f-FAILED_RESET checked=true label=true tables=1 s-FAILED_RESET=4",
                "f-NOTIFY_REJECTED checked=true label=true tables=1 s-NOTIFY_REJECTED=3");
        assertThat(lines).containsExactlyElementsOf(expected);
    }

    /**
     * The filter without any script: a copy of the report with FAILED_RESET checked from the
     * start, as a click leaves it. The page has no script, and its Content-Security-Policy would
     * stop one (next test), so what hides the rows is the CSS alone. (Chromium offers no switch
     * that turns scripts off and still takes headless screenshots, so none is used.) 1,200 rows
     * make a page far longer than the window, so the window's foot is full of rows; with only
     * the 4 FAILED_RESET rows shown, it is empty page.
     */
    @Test
    void theFilterNeedsNoScript() throws Exception {
        String checked = this.html.replace("id=\"f-all\" class=\"f\" checked>", "id=\"f-all\" class=\"f\">")
            .replace("id=\"f-FAILED_RESET\" class=\"f\">", "id=\"f-FAILED_RESET\" class=\"f\" checked>");
        assertThat(checked).isNotEqualTo(this.html).doesNotContainIgnoringCase("<script");
        Path filtered = Files.writeString(this.work.resolve("filtered.html"), checked);

        BufferedImage all = ImageIO.read(this.chromium.screenshot(this.report, this.work.resolve("all.png"), 1280, 1800)
            .toFile());
        BufferedImage failedOnly = ImageIO.read(this.chromium.screenshot(filtered, this.work.resolve("filtered.png"),
                1280, 1800).toFile());

        assertThat(inked(all, 1500, 1800)).as("rows at the foot of the window").isGreaterThan(1_000);
        assertThat(inked(failedOnly, 1500, 1800)).as("nothing at the foot of the window").isZero();
        assertThat(inked(failedOnly, 0, 1000)).as("the page itself is there").isGreaterThan(10_000);
    }

    /** Were markup ever to slip past the escaping, the report's own policy would keep it from running. */
    @Test
    void noScriptRunsInTheReport() throws Exception {
        String smuggled = "<script>document.title = 'owned'; document.body.append('SCRIPT' + ' RAN')</script>";
        String tampered = this.html.replace("<td>User 2</td>", "<td>User 2" + smuggled + "</td>");
        assertThat(tampered).isNotEqualTo(this.html);
        Path page = Files.writeString(this.work.resolve("tampered.html"), tampered);

        String dom = this.chromium.dumpDom(page);

        assertThat(dom).contains(smuggled).doesNotContain("SCRIPT RAN")
            .contains("<title>Run 7: new-hires.csv \u2013 bulk-resend report</title>");
    }

    /** Paper shows every row whichever filter was on screen: both prints have the same pages. */
    @Test
    void thePrintHasEveryRowWhateverTheFilter() throws Exception {
        String checked = this.html.replace("id=\"f-all\" class=\"f\" checked>", "id=\"f-all\" class=\"f\">")
            .replace("id=\"f-FAILED_RESET\" class=\"f\">", "id=\"f-FAILED_RESET\" class=\"f\" checked>");
        Path filtered = Files.writeString(this.work.resolve("filtered.html"), checked);

        int allPages = pages(this.chromium.printToPdf(this.report, this.work.resolve("all.pdf")));
        int filteredPages = pages(this.chromium.printToPdf(filtered, this.work.resolve("filtered.pdf")));

        assertThat(allPages).as("1,200 rows need many pages").isGreaterThan(20);
        assertThat(filteredPages).isEqualTo(allPages);
    }

    /** The tables of a thousand rows that hold a row of this status. */
    static long tablesWith(Status status) {
        Set<Integer> tables = new HashSet<>();
        for (int i = 0; i < ROW_LIST.size(); i++) {
            if (ROW_LIST.get(i).status() == status) {
                tables.add(i / HtmlReport.TABLE_ROWS);
            }
        }
        return tables.size();
    }

    /** The pages of a PDF, from its page tree's root, the largest /Count. */
    static int pages(Path pdf) throws Exception {
        String text = new String(Files.readAllBytes(pdf), StandardCharsets.ISO_8859_1);
        return all("/Count (\\d+)", text).stream().mapToInt(Integer::parseInt).max().orElse(0);
    }

    /** Pixels in rows [from, to) that are not the white of the page. */
    static int inked(BufferedImage image, int from, int to) {
        int inked = 0;
        for (int y = from; y < Math.min(to, image.getHeight()); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                inked += ((image.getRGB(x, y) & 0xFFFFFF) != 0xFFFFFF) ? 1 : 0;
            }
        }
        return inked;
    }

    static boolean near(int rgb, int expected) {
        for (int shift = 0; shift <= 16; shift += 8) {
            if (Math.abs(((rgb >> shift) & 0xFF) - ((expected >> shift) & 0xFF)) > 6) {
                return false;
            }
        }
        return true;
    }

    static List<String> all(String regex, String text) {
        List<String> found = new ArrayList<>();
        Matcher matcher = Pattern.compile(regex).matcher(text);
        while (matcher.find()) {
            found.add(matcher.group(1));
        }
        return found;
    }
}
