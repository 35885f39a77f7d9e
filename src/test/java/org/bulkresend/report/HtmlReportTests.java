package org.bulkresend.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.bulkresend.ledger.LedgerEntry;
import org.bulkresend.ledger.Status;
import org.bulkresend.report.HtmlReport.Setting;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.within;

class HtmlReportTests {

    static final Instant RESET = Instant.parse("2026-03-02T08:15:30.123456Z");

    static final Instant NOTIFIED = Instant.parse("2026-03-02T08:15:31.987Z");

    static final List<Setting> SETTINGS = List.of(new Setting("Input", "new-hires.csv"),
            new Setting("Operator", "helpdesk.lead@contoso.example"), new Setting("Dry run", "no"));

    /** The elements the report is made of; anything else in it came from the data. */
    static final Set<String> ELEMENTS = Set.of("html", "head", "meta", "title", "style", "body", "header", "main",
            "section", "p", "h1", "h2", "time", "dl", "div", "dt", "dd", "strong", "svg", "g", "text", "rect", "table",
            "caption", "colgroup", "col", "thead", "tbody", "tfoot", "tr", "th", "td", "span", "wbr", "input", "label");

    @TempDir
    Path dir;

    static LedgerEntry entry(long line, Status status) {
        return entry(line, "user" + line + "@contoso.example", "User " + line, status);
    }

    static LedgerEntry entry(long line, String upn, String displayName, Status status) {
        boolean notified = status == Status.NOTIFIED;
        return new LedgerEntry(7, line, upn, displayName, "private." + line + "@example.net", status,
                notified ? "" : status.meaning(), 1, notified ? RESET : null, notified ? NOTIFIED : null,
                notified ? "<" + line + ".msg@bulk-resend>" : null, notified ? "en" : null);
    }

    /** 3 NOTIFIED, 1 FAILED_RESET, 2 REJECTED_INVALID_ROW, in line order. */
    static List<LedgerEntry> sixRows() {
        return List.of(entry(2, Status.NOTIFIED), entry(3, Status.FAILED_RESET), entry(4, Status.NOTIFIED),
                entry(5, Status.REJECTED_INVALID_ROW), entry(6, Status.NOTIFIED), entry(7, Status.REJECTED_INVALID_ROW));
    }

    static Map<Status, Long> sixCounts() {
        Map<Status, Long> counts = new LinkedHashMap<>();
        counts.put(Status.NOTIFIED, 3L);
        counts.put(Status.FAILED_RESET, 1L);
        counts.put(Status.REJECTED_INVALID_ROW, 2L);
        return counts;
    }

    String write(List<LedgerEntry> rows, Map<Status, Long> counts) throws IOException {
        Path html = this.dir.resolve("report.html");
        HtmlReport.write(html, "Run 7: new-hires.csv", SETTINGS, counts, (sink) -> rows.forEach(sink));
        return Files.readString(html, StandardCharsets.UTF_8);
    }

    static List<String> all(Pattern pattern, String text, int group) {
        List<String> found = new ArrayList<>();
        Matcher matcher = pattern.matcher(text);
        while (matcher.find()) {
            found.add(matcher.group(group));
        }
        return found;
    }

    @Test
    void aSelfContainedUtf8Page() throws Exception {
        String html = write(sixRows(), sixCounts());

        assertThat(html).startsWith("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .contains("<title>Run 7: new-hires.csv \u2013 bulk-resend report</title>", "<h1>Run 7: new-hires.csv</h1>")
            .containsPattern("Generated <time datetime=\"\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ\">")
            .contains("<div><dt>Input</dt><dd>new-hires.csv</dd></div>",
                    "<div><dt>Operator</dt><dd>helpdesk.lead@contoso.example</dd></div>",
                    "<div><dt>Dry run</dt><dd>no</dd></div>")
            .contains("font:14px/1.45 system-ui,")
            .doesNotContain("<script", "<link", "@import", "@font-face")
            .endsWith("</html>\n");
        assertThat(html.indexOf("<dt>Input")).isLessThan(html.indexOf("<dt>Operator"))
            .isLessThan(html.indexOf("<dt>Dry run"));
    }

    @Test
    void countsAndBarsFollowTheStatusesInTheirOrder() throws Exception {
        String html = write(sixRows(), sixCounts());

        assertThat(html).contains("<svg class=\"chart\" role=\"img\" aria-label=\"Rows per status: NOTIFIED 3, "
                + "REJECTED_INVALID_ROW 2, FAILED_RESET 1. 6 in total.\"");
        Matcher bar = Pattern.compile("<g class=\"bar (p|ok) s-(\\w+)\"><title>([^<]*)</title>"
                + "<text class=\"name\"[^>]*>(\\w+)</text><rect class=\"fill\"[^>]* width=\"([\\d.]+)\"[^>]* fill=\"(#\\w+)\"/>"
                + "<text class=\"count\"[^>]*>([^<]*)</text></g>")
            .matcher(html);
        List<String> statuses = new ArrayList<>();
        Map<String, Double> widths = new LinkedHashMap<>();
        while (bar.find()) {
            Status status = Status.valueOf(bar.group(2));
            statuses.add(status.name());
            widths.put(status.name(), Double.parseDouble(bar.group(5)));
            assertThat(bar.group(1)).isEqualTo(status.isProblem() ? "p" : "ok");
            assertThat(bar.group(3)).as("the bar's title").startsWith(status.name() + ": ").endsWith(status.meaning());
            assertThat(bar.group(4)).isEqualTo(status.name());
            assertThat(bar.group(6)).as("warm for a problem").isEqualTo(status.isProblem() ? "#c4470f" : "#2f6f9f");
        }
        assertThat(statuses).containsExactly("NOTIFIED", "REJECTED_INVALID_ROW", "FAILED_RESET");
        assertThat(widths.get("NOTIFIED")).isEqualTo(HtmlReport.BAR_MAX);
        assertThat(widths.get("REJECTED_INVALID_ROW") / widths.get("NOTIFIED")).isCloseTo(2.0 / 3, within(0.001));
        assertThat(widths.get("FAILED_RESET") / widths.get("NOTIFIED")).isCloseTo(1.0 / 3, within(0.001));
        assertThat(all(Pattern.compile("<text class=\"count\"[^>]*>([^<]*)</text>"), html, 1))
            .containsExactly("3 \u00b7 50%", "2 \u00b7 33%", "1 \u00b7 17%");
        assertThat(html).contains("<title>FAILED_RESET: 1 row (17%), the directory refused the reset</title>");
        assertThat(html).contains("<strong>3</strong> of 6 rows need attention.");
    }

    @Test
    void theCountsAreInAPlainTableToo() throws Exception {
        String html = write(sixRows(), sixCounts());

        List<String> rows = all(Pattern.compile("<tr class=\"s-(\\w+)\"><th scope=\"row\" class=\"st\"><span class=\"dot (?:p|ok)\">"
                + "</span>\\w+</th><td class=\"num\">(\\d+)</td>"), html, 0);
        assertThat(rows).hasSize(3);
        assertThat(html).containsPattern("<tr class=\"s-NOTIFIED\"><th[^>]*>.*NOTIFIED</th><td class=\"num\">3</td>"
                + "<td class=\"num\">50%</td><td>reset, and the message was accepted</td></tr>")
            .containsPattern("<th scope=\"row\">Total rows</th><td class=\"num\">6</td>");
        assertThat(html.indexOf("s-NOTIFIED\"><th")).isLessThan(html.indexOf("s-REJECTED_INVALID_ROW\"><th"))
            .isLessThan(html.indexOf("s-FAILED_RESET\"><th"));
    }

    @Test
    void aTinyShareStillGetsAVisibleBar() {
        assertThat(HtmlReport.barWidth(1, 100_000)).isEqualTo(HtmlReport.BAR_MIN);
        assertThat(HtmlReport.barWidth(50_000, 100_000)).isEqualTo(HtmlReport.BAR_MAX / 2.0);
        assertThat(HtmlReport.barWidth(0, 100_000)).isZero();
        assertThat(HtmlReport.share(1, 100_000)).isEqualTo("<1%");
        assertThat(HtmlReport.share(99_999, 100_000)).isEqualTo(">99%");
        assertThat(HtmlReport.share(1, 3)).isEqualTo("33%");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "<script>alert(1)</script>   | &lt;script&gt;alert(1)&lt;/script&gt;",
            "`Dwayne \"The Rock\" Johnson` | Dwayne &quot;The Rock&quot; Johnson",
            "Marks & Spencer               | Marks &amp; Spencer",
            "O'Brien                       | O&#39;Brien",
            "<img src=x onerror=alert(1)>  | &lt;img src=x onerror=alert(1)&gt;",
            "&amp;                         | &amp;amp;",
            "Élodie Lefèvre                | Élodie Lefèvre",
            "王小明                         | 王小明",
            "`👩‍💻 Ada`                     | `👩‍💻 Ada`" })
    void escapeMakesTextOfEverything(String value, String escaped) {
        assertThat(HtmlReport.escape(value)).isEqualTo(escaped);
    }

    @Test
    void escapeShowsControlCharactersAndDropsBrokenSurrogates() {
        assertThat(HtmlReport.escape("Jane\r\nDoe\tX")).isEqualTo("Jane\u21B5Doe\u21E5X");
        assertThat(HtmlReport.escape("a\nb\rc\n\nd")).isEqualTo("a\u21B5b\u21B5c\u21B5\u21B5d");
        assertThat(HtmlReport.escape("<\r\n>")).isEqualTo("&lt;\u21B5&gt;");
        assertThat(HtmlReport.escape("nul\u0000esc\u001Bdel\u007Fc1\u0085")).isEqualTo("nul\uFFFDesc\uFFFDdel\uFFFDc1\uFFFD");
        assertThat(HtmlReport.escape("lone\uD800 and \uDC00")).isEqualTo("lone\uFFFD and \uFFFD");
        assertThat(HtmlReport.escape(null)).isEmpty();
        assertThat(HtmlReport.escape("")).isEmpty();
        String plain = "plain text";
        assertThat(HtmlReport.escape(plain)).isSameAs(plain);
    }

    @Test
    void hostileValuesStayText() throws Exception {
        List<LedgerEntry> rows = List.of(
                entry(2, "x@contoso.example", "<script>alert(1)</script>", Status.NOTIFIED),
                entry(3, "\"><img src=x onerror=alert(2)>@contoso.example", "Tom \"Tommy\" & Jerry\r\n<b>bold</b>",
                        Status.REJECTED_INVALID_ROW),
                new LedgerEntry(7, 4, "y@contoso.example", "</td></tr></table><style>*{display:none}</style>",
                        "<svg onload=alert(3)>@example.net", Status.FAILED_RESET, "<iframe src=\"https://evil.example\">", 1,
                        null, null, "<a href='https://evil.example'>", "</title><script>"));
        Map<Status, Long> counts = Map.of(Status.NOTIFIED, 1L, Status.REJECTED_INVALID_ROW, 1L, Status.FAILED_RESET, 1L);
        List<Setting> settings = List.of(new Setting("Input", "<script>alert(4)</script>.csv"));
        Path path = this.dir.resolve("hostile.html");
        HtmlReport.write(path, "Run 1: <script>alert(5)</script>", settings, counts, (sink) -> rows.forEach(sink));
        String html = Files.readString(path, StandardCharsets.UTF_8);

        Set<String> elements = new TreeSet<>(all(Pattern.compile("<(?:/)?([A-Za-z][A-Za-z0-9-]*)"), html, 1));
        assertThat(elements).as("only the report's own elements").isSubsetOf(ELEMENTS);
        assertThat(html).doesNotContainIgnoringCase("<script").doesNotContainIgnoringCase("<img")
            .doesNotContainIgnoringCase("<iframe")
            .doesNotContainIgnoringCase("<a ")
            .doesNotContain("\r")
            .contains("<td>&lt;script&gt;alert(1)&lt;/script&gt;</td>")
            .contains("<td>Tom &quot;Tommy&quot; &amp; Jerry\u21B5&lt;b&gt;bold&lt;/b&gt;</td>")
            .contains("<td class=\"m\">&quot;&gt;&lt;img src=x onerror=alert(2)&gt;<wbr>@contoso.example</td>")
            .contains("<td class=\"m\">&lt;***<wbr>@example.net</td>")
            .contains("<td>&lt;iframe src=&quot;https://evil.example&quot;&gt;</td>")
            .contains("<h1>Run 1: &lt;script&gt;alert(5)&lt;/script&gt;</h1>")
            .contains("<dd>&lt;script&gt;alert(4)&lt;/script&gt;.csv</dd>");
        assertThat(all(Pattern.compile("<tr class=\"s-\\w+\"><td class=\"num\">"), html, 0)).hasSize(3);
    }

    @Test
    void nothingIsFetchedFromAnywhere() throws Exception {
        List<LedgerEntry> rows = List.of(entry(2, "a@contoso.example", "https://evil.example/x.png", Status.NOTIFIED),
                entry(3, "b@contoso.example", "url(http://evil.example/f.woff)", Status.NOTIFIED));
        String hostile = write(rows, Map.of(Status.NOTIFIED, 2L));
        String benign = write(sixRows(), sixCounts());

        for (String html : List.of(hostile, benign)) {
            List<String> tags = all(Pattern.compile("<[A-Za-z][^>]*>"), html, 0);
            assertThat(tags).isNotEmpty()
                .noneMatch((tag) -> tag.matches("(?is).*\\s(src|href|srcset|action|xlink:href|background|poster|data)\\s*=.*"))
                .noneMatch((tag) -> tag.matches("(?is).*https?:.*"));
            String style = html.substring(html.indexOf("<style>"), html.indexOf("</style>"));
            assertThat(style).doesNotContainIgnoringCase("url(").doesNotContain("@import", "@font-face", "//");
            assertThat(html).doesNotContain("<link", "<script", "<img", "<object", "<embed", "<iframe")
                .contains("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; ");
        }
        assertThat(benign).doesNotContainIgnoringCase("http://").doesNotContainIgnoringCase("https://")
            .doesNotContain("//");
    }

    @Test
    void thePolicyAllowsExactlyTheReportsOwnStyle() throws Exception {
        String html = write(sixRows(), sixCounts());

        String style = html.substring(html.indexOf("<style>") + "<style>".length(), html.indexOf("</style>"));
        String hash = Base64.getEncoder()
            .encodeToString(MessageDigest.getInstance("SHA-256").digest(style.getBytes(StandardCharsets.UTF_8)));
        assertThat(html).contains("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
                + "style-src 'sha256-" + hash + "'; base-uri 'none'; form-action 'none'\">");
        assertThat(html.indexOf("Content-Security-Policy")).isLessThan(html.indexOf("<style>"));
        assertThat(html).doesNotContain(" style=\"");
    }

    @Test
    void eachPresentStatusHasARadioFilterAndEachRowItsClass() throws Exception {
        String html = write(sixRows(), sixCounts());

        assertThat(html).contains("<input type=\"radio\" name=\"f\" id=\"f-all\" class=\"f\" checked>",
                "<label for=\"f-all\">All <span class=\"n\">6</span></label>");
        assertThat(all(Pattern.compile("<input type=\"radio\" name=\"f\" id=\"f-(\\w+)\" class=\"f\"( checked)?>"), html, 1))
            .containsExactly("all", "NOTIFIED", "REJECTED_INVALID_ROW", "FAILED_RESET");
        int table = html.indexOf("<table class=\"rows\">");
        for (Map.Entry<Status, Long> count : sixCounts().entrySet()) {
            String status = count.getKey().name();
            int radio = html.indexOf("<input type=\"radio\" name=\"f\" id=\"f-" + status + "\" class=\"f\">");
            assertThat(radio).as("the radio comes before the table").isPositive().isLessThan(table);
            assertThat(html.substring(radio, table)).as("the radio is the table's sibling").doesNotContain("</section>");
            assertThat(html).contains("#f-" + status + ":checked ~ .rows tbody tr:not(.s-" + status + "){display:none}",
                    "#f-" + status + ":checked ~ .rows:not(:has(tr.s-" + status + ")){display:none}")
                .containsPattern("<label for=\"f-" + status + "\" class=\"(p|ok)\" title=\"[^\"]+\">" + status
                        + " <span class=\"n\">" + count.getValue() + "</span></label>");
            assertThat(all(Pattern.compile("<tr class=\"s-" + status + "\"><td class=\"num\">(\\d+)</td>"), html, 1))
                .hasSize(count.getValue().intValue());
        }
        assertThat(all(Pattern.compile("<tr class=\"s-(\\w+)\"><td class=\"num\">(\\d+)</td>"), html, 2))
            .as("every row, in line order").containsExactly("2", "3", "4", "5", "6", "7");
        assertThat(html).doesNotContain("id=\"f-PREVIEWED\"", "f-NOTIFY_REJECTED");
        assertThat(html).containsPattern("@media print\\{[^}]*\\{[^}]*\\}[^@]*input\\.f,\\.filters\\{display:none!important\\}")
            .contains(".rows{display:table!important}", ".rows tbody tr{display:table-row!important;");
    }

    @Test
    void everyThousandRowsStartATableOfTheirOwnWithTheSameColumns() throws Exception {
        List<LedgerEntry> rows = new ArrayList<>();
        for (int line = 2; line < 2502; line++) {
            rows.add(entry(line, (line == 2002) ? Status.FAILED_RESET : Status.NOTIFIED));
        }
        String html = write(rows, Map.of(Status.NOTIFIED, 2499L, Status.FAILED_RESET, 1L));

        String list = html.substring(html.indexOf("<input type=\"radio\""), html.indexOf("<p class=\"end\">"));
        assertThat(list).as("the radios and every table are siblings").doesNotContain("</section>", "<section", "<div class=\"rows");
        String[] tables = list.split("<table class=\"rows\">\n", -1);
        assertThat(tables).hasSize(4);
        List<String> lines = new ArrayList<>();
        for (int t = 1; t < tables.length; t++) {
            assertThat(tables[t]).startsWith("<colgroup>" + "<col>".repeat(11) + "</colgroup>\n<thead><tr><th scope=\"col\">Line</th>")
                .endsWith("</tbody>\n</table>\n");
            List<String> inTable = all(Pattern.compile("<tr class=\"s-\\w+\"><td class=\"num\">(\\d+)</td>"), tables[t], 1);
            assertThat(inTable).hasSize((t < 3) ? 1000 : 500);
            lines.addAll(inTable);
        }
        assertThat(lines).hasSize(2500).doesNotHaveDuplicates().first().isEqualTo("2");
        assertThat(lines.get(2499)).isEqualTo("2501");
        assertThat(tables[3]).contains("<tr class=\"s-FAILED_RESET\"><td class=\"num\">2002</td>");
        assertThat(html).contains("End of the report: 2,500 rows.");
    }

    @Test
    void rowsHaveTheCsvColumnsWithMaskedAddressesAndTimesToTheSecond() throws Exception {
        String html = write(sixRows(), sixCounts());

        assertThat(all(Pattern.compile("<th scope=\"col\">([^<]+)</th>"), html.substring(html.indexOf("<table class=\"rows\">")), 1))
            .containsExactly("Line", "User principal name", "Display name", "Notification address", "Status", "Reason",
                    "Reset at", "Notified at", "Expires at", "Message ID", "Language");
        assertThat(html).contains("<tr class=\"s-NOTIFIED\"><td class=\"num\">2</td><td class=\"m\">user2<wbr>@contoso.example</td>"
                + "<td>User 2</td><td class=\"m\">p***<wbr>@example.net</td><td class=\"st\">NOTIFIED</td><td></td>"
                + "<td class=\"t\"><span>2026-03-02T</span><wbr>08:15:30Z</td>"
                + "<td class=\"t\"><span>2026-03-02T</span><wbr>08:15:31Z</td><td class=\"t\"></td>"
                + "<td class=\"m id\">&lt;2.msg@bulk-resend&gt;</td><td>en</td></tr>\n")
            .contains("<tr class=\"s-FAILED_RESET\"><td class=\"num\">3</td><td class=\"m\">user3<wbr>@contoso.example</td>"
                    + "<td>User 3</td><td class=\"m\">p***<wbr>@example.net</td><td class=\"st\">FAILED_<wbr>RESET</td>"
                    + "<td>the directory refused the reset</td><td class=\"t\"></td><td class=\"t\"></td>"
                    + "<td class=\"t\"></td><td class=\"m id\"></td><td></td></tr>\n")
            .doesNotContain("private.")
            .contains("<p class=\"end\">End of the report: 6 rows.</p>");
        String row = html.substring(html.indexOf("<tr class=\"s-NOTIFIED\"><td"));
        row = row.substring(0, row.indexOf("</tr>"));
        assertThat(row.replaceAll("<wbr>|</?span>", "").replaceAll("</td><td[^>]*>", ",").replaceAll("<[^>]+>", ""))
            .as("the text a reader copies, without the places where it may wrap")
            .isEqualTo("2,user2@contoso.example,User 2,p***@example.net,NOTIFIED,,2026-03-02T08:15:30Z,"
                    + "2026-03-02T08:15:31Z,,&lt;2.msg@bulk-resend&gt;,en");
    }

    @Test
    void anEmptyRunIsAReportToo() throws Exception {
        String html = write(List.of(), Map.of());

        assertThat(html).contains("<p class=\"empty\">No rows.</p>", "<label for=\"f-all\">All <span class=\"n\">0</span>",
                "End of the report: 0 rows.").doesNotContain("<svg").endsWith("</html>\n");
    }

    @Test
    void theReportIsReplacedAtOnce() throws Exception {
        Path html = this.dir.resolve("report.html");
        Files.writeString(html, "the previous report");
        List<String> seenWhileWriting = new ArrayList<>();

        HtmlReport.write(html, "Run 8", SETTINGS, sixCounts(), (sink) -> {
            for (LedgerEntry row : sixRows()) {
                sink.accept(row);
                seenWhileWriting.add(read(html));
            }
        });

        assertThat(seenWhileWriting).hasSize(6).containsOnly("the previous report");
        assertThat(read(html)).startsWith("<!DOCTYPE html>").endsWith("</html>\n");
        assertThat(files()).containsExactly("report.html");
    }

    @Test
    void aFailureMidwayLeavesThePreviousReportAndNoHalfOne() throws Exception {
        Path html = this.dir.resolve("report.html");
        Files.writeString(html, "the previous report");

        assertThatExceptionOfType(IllegalStateException.class)
            .isThrownBy(() -> HtmlReport.write(html, "Run 8", SETTINGS, sixCounts(), (sink) -> {
                sink.accept(sixRows().get(0));
                throw new IllegalStateException("the ledger went away");
            }));

        assertThat(read(html)).isEqualTo("the previous report");
        assertThat(files()).containsExactly("report.html");
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void aHundredThousandRowsAreStreamedToDisk() throws Exception {
        int rows = 100_000;
        Map<Status, Long> counts = Map.of(Status.NOTIFIED, 90_000L, Status.RESET_NOT_NOTIFIED, 9_999L,
                Status.NOTIFY_REJECTED, 1L);
        Path html = this.dir.resolve("big.html");
        long[] partialHalfway = { -1 };

        long start = System.nanoTime();
        HtmlReport.write(html, "Run 9: everyone.csv", SETTINGS, counts, (sink) -> {
            for (int line = 2; line < rows + 2; line++) {
                Status status = (line == 50_000) ? Status.NOTIFY_REJECTED
                        : (line % 10 == 0) ? Status.RESET_NOT_NOTIFIED : Status.NOTIFIED;
                sink.accept(entry(line, status));
                if (line == rows / 2) {
                    partialHalfway[0] = partialSize();
                }
            }
        });
        long millis = (System.nanoTime() - start) / 1_000_000;

        assertThat(partialHalfway[0]).as("half the rows are on disk while the rest are still coming")
            .isGreaterThan(5_000_000);
        assertThat(html).isRegularFile();
        long trs;
        try (Stream<String> lines = Files.lines(html, StandardCharsets.UTF_8)) {
            trs = lines.filter((l) -> l.matches("<tr class=\"s-\\w+\"><td class=\"num\">.*")).count();
        }
        assertThat(trs).isEqualTo(rows);
        String text = read(html);
        assertThat(all(Pattern.compile("(<table class=\"rows\">)"), text, 1)).hasSize(100);
        assertThat(text).contains("<label for=\"f-all\">All <span class=\"n\">100,000</span></label>",
                "End of the report: 100,000 rows.</p>", "NOTIFY_REJECTED: 1 row (&lt;1%)");
        assertThat(files()).containsExactly("big.html");
        // A figure, not a limit: how fast is for the benchmark to measure, and a slow machine is no failure.
        System.out.println("HTML report: " + rows + " rows written in " + millis + " ms");
    }

    private long partialSize() {
        try (Stream<Path> files = Files.list(this.dir)) {
            Path partial = files.filter((f) -> f.getFileName().toString().endsWith(".partial")).findFirst().orElseThrow();
            return Files.size(partial);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private List<String> files() throws IOException {
        try (Stream<Path> files = Files.list(this.dir)) {
            return files.map((f) -> f.getFileName().toString()).sorted().toList();
        }
    }

    private static String read(Path path) {
        try {
            return Files.readString(path, StandardCharsets.UTF_8);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }
}
