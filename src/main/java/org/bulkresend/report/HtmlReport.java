package org.bulkresend.report;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Base64;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import org.bulkresend.ledger.LedgerEntry;
import org.bulkresend.ledger.Status;
import org.bulkresend.address.EmailAddresses;

/**
 * A run's result report as one self-contained HTML page, for the admin who opens it days later,
 * offline, perhaps from a mail attachment: the run's settings, a bar chart and a table of the
 * rows per status, and every row, which can be filtered by status.
 * <p>
 * The page needs nothing but itself: no script, no font, no image and no style sheet from
 * anywhere, and its Content-Security-Policy forbids loading any. The status filter is plain
 * HTML and CSS (radio buttons and {@code :checked} rules), so it works where a viewer blocks
 * scripts; print shows every row. Every value from the input or the ledger is HTML-escaped,
 * and addresses are masked as in the CSV report. Rows are written as they come, never held in
 * memory, in tables of a thousand rows with the same columns (one table for most runs), and
 * the file appears all at once: a reader never sees half a report.
 */
public final class HtmlReport {

    /** One line of the run's settings, as shown at the top of the report. */
    public record Setting(String name, String value) {
    }

    /** The columns, in the order of the CSV report's. */
    static final String[] COLUMNS = { "Line", "User principal name", "Display name", "Notification address",
            "Status", "Reason", "Reset at", "Notified at", "Expires at", "Message ID", "Language" };

    /**
     * Rows per table. The rows go into a table of their own every thousand, one after the other
     * with the same columns: a browser builds a page of 100,000 rows about twice as fast so.
     */
    static final int TABLE_ROWS = 1000;

    /**
     * A table of rows, up to its first row. Its column widths are fixed (in the style), so that
     * the browser lays it out without measuring every row first.
     */
    private static final String TABLE_START = "<table class=\"rows\">\n<colgroup>" + "<col>".repeat(COLUMNS.length)
            + "</colgroup>\n<thead><tr>"
            + Arrays.stream(COLUMNS).map((column) -> "<th scope=\"col\">" + column + "</th>").collect(Collectors.joining())
            + "</tr></thead>\n<tbody>\n";

    /** The chart's width in its own units; the longest bar leaves room for its count. */
    static final int CHART_WIDTH = 520;

    static final int BAR_MAX = 400;

    /** The shortest bar drawn, so that a single row among 100,000 still shows. */
    static final double BAR_MIN = 2;

    private static final int BAR_ROW = 42;

    private static final String CALM = "#2f6f9f";

    private static final String WARM = "#c4470f";

    /** The statuses as written in the rows: they may wrap after an underscore. */
    private static final String[] WRAPPABLE = Arrays.stream(Status.values())
        .map((status) -> status.name().replace("_", "_<wbr>"))
        .toArray(String[]::new);

    private HtmlReport() {
    }

    /**
     * Writes the HTML report, streaming rows pushed to it in line order, atomically (temp file +
     * ATOMIC_MOVE, like ReportWriter.write): a reader never sees half a report.
     * @param title e.g. "Run 7: new-hires.csv"
     * @param settings the run's settings, in order
     * @param counts rows per status (only statuses with rows are present)
     */
    public static void write(Path html, String title, List<Setting> settings, Map<Status, Long> counts,
            Consumer<Consumer<LedgerEntry>> rows) {
        write(html, title, settings, counts, rows, Instant.now());
    }

    static void write(Path html, String title, List<Setting> settings, Map<Status, Long> counts,
            Consumer<Consumer<LedgerEntry>> rows, Instant generated) {
        Map<Status, Long> present = present(counts);
        Path partial = null;
        try {
            Path parent = html.toAbsolutePath().getParent();
            // Owner-only from the moment it exists, like the CSV report it sits beside.
            OwnerOnly.createFolders(parent);
            partial = OwnerOnly.createTempFile(parent, html.getFileName().toString(), ".partial");
            try (Writer out = new BufferedWriter(Files.newBufferedWriter(partial, StandardCharsets.UTF_8), 1 << 16)) {
                Page page = new Page(out, present);
                page.head(title);
                page.header(title, generated, settings);
                page.summary();
                page.tableStart();
                rows.accept(page::row);
                page.tableEnd();
            }
            Files.move(partial, html, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            partial = null;
        }
        catch (IOException | UncheckedIOException ex) {
            IOException cause = (ex instanceof UncheckedIOException unchecked) ? unchecked.getCause() : (IOException) ex;
            throw new UncheckedIOException("could not write the report " + html + ": " + cause.getMessage(), cause);
        }
        finally {
            if (partial != null) {
                try {
                    Files.deleteIfExists(partial);
                }
                catch (IOException ex) {
                    // the half-written file stays beside the report, named .partial
                }
            }
        }
    }

    /** The statuses with rows, in the order of {@link Status}. */
    private static Map<Status, Long> present(Map<Status, Long> counts) {
        Map<Status, Long> present = new EnumMap<>(Status.class);
        if (counts != null) {
            counts.forEach((status, count) -> {
                if (status != null && count != null && count > 0) {
                    present.put(status, count);
                }
            });
        }
        return present;
    }

    /**
     * Escapes text for HTML, in content and in quoted attribute values alike: {@code & < > " '}
     * become character references. Control characters, which a browser would silently fold
     * into a space, become visible: a line break (CR, LF or CRLF) becomes ↵, a tab ⇥ and any
     * other control character U+FFFD, so a name that hides a line break shows it. A lone
     * surrogate, which no UTF-8 file can hold, becomes U+FFFD. Null is empty.
     */
    static String escape(String value) {
        if (value == null || value.isEmpty()) {
            return "";
        }
        StringBuilder out = null;
        int length = value.length();
        for (int i = 0; i < length; i++) {
            char c = value.charAt(i);
            String replacement;
            if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(value.charAt(i + 1))) {
                    if (out != null) {
                        out.append(c).append(value.charAt(i + 1));
                    }
                    i++;
                    continue;
                }
                replacement = "\uFFFD";
            }
            else {
                replacement = replacement(c);
            }
            if (replacement == null) {
                if (out != null) {
                    out.append(c);
                }
                continue;
            }
            if (out == null) {
                out = new StringBuilder(length + 16).append(value, 0, i);
            }
            out.append(replacement);
            if (c == '\r' && i + 1 < length && value.charAt(i + 1) == '\n') {
                i++;
            }
        }
        return (out != null) ? out.toString() : value;
    }

    private static String replacement(char c) {
        return switch (c) {
            case '&' -> "&amp;";
            case '<' -> "&lt;";
            case '>' -> "&gt;";
            case '"' -> "&quot;";
            case '\'' -> "&#39;";
            case '\r', '\n' -> "\u21B5";
            case '\t' -> "\u21E5";
            default -> (c < 0x20 || (c >= 0x7F && c <= 0x9F)) ? "\uFFFD" : null;
        };
    }

    /** ISO-8601 in UTC to the second, as in the CSV report; empty for none. */
    static String time(Instant instant) {
        return (instant != null) ? DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.SECONDS)) : "";
    }

    /** A bar's length in chart units: proportional to its count, the longest {@link #BAR_MAX}. */
    static double barWidth(long count, long max) {
        if (count <= 0 || max <= 0) {
            return 0;
        }
        return Math.max(BAR_MIN, BAR_MAX * (double) count / max);
    }

    /** A count's share of the total as a whole percentage; a share too small to round up shows as below 1%. */
    static String share(long count, long total) {
        if (total <= 0) {
            return "";
        }
        long percent = Math.round(count * 100.0 / total);
        if (percent == 0 && count > 0) {
            return "<1%";
        }
        if (percent == 100 && count < total) {
            return ">99%";
        }
        return percent + "%";
    }

    /** A status that may wrap after its underscores in a narrow window; copied, it is still one word. */
    private static String wrappable(Status status) {
        return WRAPPABLE[status.ordinal()];
    }

    /** An escaped user principal name that wraps before its domain rather than in the middle of a word. */
    private static String wrappableName(String escapedName) {
        int at = escapedName.lastIndexOf('@');
        return (at <= 0) ? escapedName : escapedName.substring(0, at) + "<wbr>" + escapedName.substring(at);
    }

    /** A time that may wrap between its date and its time of day, but nowhere else; copied, it is unchanged. */
    private static String wrappableTime(String time) {
        int t = time.indexOf('T');
        return (t < 0) ? time : "<span>" + time.substring(0, t + 1) + "</span><wbr>" + time.substring(t + 1);
    }

    private static String rows(long count) {
        return String.format(Locale.ROOT, "%,d %s", count, (count == 1) ? "row" : "rows");
    }

    private static String number(long count) {
        return String.format(Locale.ROOT, "%,d", count);
    }

    /** The page, written top to bottom. */
    private static final class Page {

        private final Writer out;

        private final Map<Status, Long> counts;

        private final long total;

        private final long problems;

        private long written;

        Page(Writer out, Map<Status, Long> counts) {
            this.out = out;
            this.counts = counts;
            this.total = counts.values().stream().mapToLong(Long::longValue).sum();
            this.problems = counts.entrySet()
                .stream()
                .filter((e) -> e.getKey().isProblem())
                .mapToLong(Map.Entry::getValue)
                .sum();
        }

        void head(String title) throws IOException {
            String style = style();
            this.out.write("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
            // Defence in depth behind the escaping: no script runs, nothing is fetched, and no style
            // applies but the report's own, named by its hash.
            this.out.write("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src '"
                    + hash(style) + "'; base-uri 'none'; form-action 'none'\">\n");
            this.out.write("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
            this.out.write("<meta name=\"color-scheme\" content=\"light dark\">\n");
            this.out.write("<meta name=\"referrer\" content=\"no-referrer\">\n");
            this.out.write("<meta name=\"generator\" content=\"bulk-resend\">\n");
            this.out.write("<title>" + escape(title) + " \u2013 bulk-resend report</title>\n");
            this.out.write("<style>" + style + "</style>\n</head>\n");
        }

        /** The fixed style, then the colours of the statuses and the filters of those present. */
        private String style() {
            StringBuilder style = new StringBuilder(STYLE);
            for (Status status : Status.values()) {
                String colour = status.isProblem() ? "warm" : "calm";
                style.append(".s-").append(status.name()).append(" .st{color:var(--").append(colour).append("-text)}\n");
                if (status.isProblem()) {
                    style.append(".s-").append(status.name()).append(" td:first-child{box-shadow:inset 3px 0 var(--warm)}\n");
                }
            }
            filterRule(style, "all", null);
            for (Status status : this.counts.keySet()) {
                filterRule(style, status.name(), status);
            }
            return style.toString();
        }

        /** Hides the rows of every other status while this filter is checked, and marks its label. */
        private static void filterRule(StringBuilder style, String id, Status status) {
            String radio = "#f-" + id;
            String label = " ~ .filters label[for=\"f-" + id + "\"]";
            if (status != null) {
                style.append(radio).append(":checked ~ .rows tbody tr:not(.s-").append(id).append("){display:none}\n");
                // a table of a thousand rows without one of this status shows not even its head
                style.append(radio).append(":checked ~ .rows:not(:has(tr.s-").append(id).append(")){display:none}\n");
            }
            String colour = (status != null && status.isProblem()) ? "warm" : "calm";
            style.append(radio).append(":checked").append(label).append("{background:var(--").append(colour)
                .append(");border-color:var(--").append(colour).append(");color:var(--on-accent)}\n");
            style.append(radio).append(":checked").append(label).append(" .n{background:rgba(255,255,255,.25);color:inherit}\n");
            style.append(radio).append(":focus-visible").append(label).append("{outline:2px solid var(--fg);outline-offset:2px}\n");
        }

        /** The style's Content-Security-Policy hash source. */
        private static String hash(String style) {
            try {
                byte[] digest = MessageDigest.getInstance("SHA-256").digest(style.getBytes(StandardCharsets.UTF_8));
                return "sha256-" + Base64.getEncoder().encodeToString(digest);
            }
            catch (NoSuchAlgorithmException ex) {
                throw new IllegalStateException("every Java has SHA-256", ex);
            }
        }

        void header(String title, Instant generated, List<Setting> settings) throws IOException {
            this.out.write("<body>\n<header>\n<p class=\"product\">bulk-resend \u00b7 result report</p>\n");
            this.out.write("<h1>" + escape(title) + "</h1>\n");
            String when = time(generated);
            this.out.write("<p class=\"generated\">Generated <time datetime=\"" + when + "\">" + when
                    + "</time> (UTC). Notification addresses are masked; the report holds no password.</p>\n");
            if (settings != null && !settings.isEmpty()) {
                this.out.write("<dl class=\"settings\">\n");
                for (Setting setting : settings) {
                    if (setting == null) {
                        continue;
                    }
                    this.out.write("<div><dt>" + escape(setting.name()) + "</dt><dd>" + escape(setting.value())
                            + "</dd></div>\n");
                }
                this.out.write("</dl>\n");
            }
            this.out.write("</header>\n<main>\n");
        }

        void summary() throws IOException {
            this.out.write("<section class=\"summary\" aria-labelledby=\"h-summary\">\n<h2 id=\"h-summary\">Summary</h2>\n");
            if (this.problems > 0) {
                this.out.write("<p class=\"verdict problem\"><strong>" + number(this.problems) + "</strong> of "
                        + rows(this.total) + " need attention.</p>\n");
            }
            else {
                this.out.write("<p class=\"verdict ok\"><strong>" + number(this.total) + "</strong> "
                        + ((this.total == 1) ? "row" : "rows") + ", none with a problem.</p>\n");
            }
            this.out.write("<div class=\"figures\">\n");
            chart();
            countsTable();
            this.out.write("</div>\n</section>\n");
        }

        private void chart() throws IOException {
            if (this.counts.isEmpty()) {
                this.out.write("<p class=\"empty\">No rows.</p>\n");
                return;
            }
            long max = this.counts.values().stream().mapToLong(Long::longValue).max().orElse(0);
            StringBuilder label = new StringBuilder("Rows per status: ");
            this.counts.forEach((status, count) -> label.append(status.name()).append(' ').append(count).append(", "));
            label.setLength(label.length() - 2);
            label.append(". ").append(this.total).append(" in total.");
            int height = this.counts.size() * BAR_ROW + 4;
            this.out.write("<svg class=\"chart\" role=\"img\" aria-label=\"" + escape(label.toString())
                    + "\" viewBox=\"0 0 " + CHART_WIDTH + " " + height + "\" width=\"" + CHART_WIDTH + "\" height=\""
                    + height + "\">\n");
            int y = 0;
            for (Map.Entry<Status, Long> entry : this.counts.entrySet()) {
                Status status = entry.getKey();
                long count = entry.getValue();
                double width = barWidth(count, max);
                String kind = status.isProblem() ? "p" : "ok";
                this.out.write("<g class=\"bar " + kind + " s-" + status.name() + "\"><title>" + status.name() + ": "
                        + rows(count) + " (" + escape(share(count, this.total)) + "), " + escape(status.meaning())
                        + "</title>");
                this.out.write("<text class=\"name\" x=\"0\" y=\"" + (y + 14) + "\">" + status.name() + "</text>");
                this.out.write(String.format(Locale.ROOT,
                        "<rect class=\"fill\" x=\"0\" y=\"%d\" width=\"%.2f\" height=\"16\" rx=\"2\" fill=\"%s\"/>",
                        y + 20, width, status.isProblem() ? WARM : CALM));
                this.out.write(String.format(Locale.ROOT, "<text class=\"count\" x=\"%.2f\" y=\"%d\">%s</text>",
                        width + 8, y + 33, number(count) + " \u00b7 " + escape(share(count, this.total))));
                this.out.write("</g>\n");
                y += BAR_ROW;
            }
            this.out.write("</svg>\n");
        }

        private void countsTable() throws IOException {
            this.out.write("<table class=\"counts\">\n<caption>Rows per status</caption>\n<thead><tr><th scope=\"col\">Status</th>"
                    + "<th scope=\"col\" class=\"num\">Rows</th><th scope=\"col\" class=\"num\">Share</th>"
                    + "<th scope=\"col\">Meaning</th></tr></thead>\n<tbody>\n");
            for (Map.Entry<Status, Long> entry : this.counts.entrySet()) {
                Status status = entry.getKey();
                this.out.write("<tr class=\"s-" + status.name() + "\"><th scope=\"row\" class=\"st\"><span class=\"dot "
                        + (status.isProblem() ? "p" : "ok") + "\"></span>" + status.name() + "</th><td class=\"num\">"
                        + number(entry.getValue()) + "</td><td class=\"num\">"
                        + escape(share(entry.getValue(), this.total)) + "</td><td>" + escape(status.meaning())
                        + "</td></tr>\n");
            }
            this.out.write("</tbody>\n<tfoot><tr><th scope=\"row\">Total rows</th><td class=\"num\">" + number(this.total)
                    + "</td><td class=\"num\">" + ((this.total > 0) ? "100%" : "") + "</td><td></td></tr></tfoot>\n"
                    + "</table>\n");
        }

        void tableStart() throws IOException {
            this.out.write("<section class=\"list\" aria-labelledby=\"h-rows\">\n<h2 id=\"h-rows\">Rows</h2>\n");
            this.out.write("<input type=\"radio\" name=\"f\" id=\"f-all\" class=\"f\" checked>\n");
            for (Status status : this.counts.keySet()) {
                this.out.write("<input type=\"radio\" name=\"f\" id=\"f-" + status.name() + "\" class=\"f\">\n");
            }
            this.out.write("<div class=\"filters\" role=\"group\" aria-label=\"Show the rows with the status\">"
                    + "<span class=\"show\">Show</span>\n");
            this.out.write("<label for=\"f-all\">All <span class=\"n\">" + number(this.total) + "</span></label>\n");
            for (Map.Entry<Status, Long> entry : this.counts.entrySet()) {
                Status status = entry.getKey();
                this.out.write("<label for=\"f-" + status.name() + "\" class=\"" + (status.isProblem() ? "p" : "ok")
                        + "\" title=\"" + escape(status.meaning()) + "\">" + status.name() + " <span class=\"n\">"
                        + number(entry.getValue()) + "</span></label>\n");
            }
            this.out.write("</div>\n<p class=\"print-note\">All " + rows(this.total)
                    + "; the status filter applies on screen only.</p>\n");
            this.out.write(TABLE_START);
        }

        void row(LedgerEntry entry) {
            try {
                if (this.written > 0 && this.written % TABLE_ROWS == 0) {
                    this.out.write("</tbody>\n</table>\n");
                    this.out.write(TABLE_START);
                }
                write(entry);
                this.written++;
            }
            catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
        }

        private void write(LedgerEntry entry) throws IOException {
            this.out.write("<tr class=\"s-");
            this.out.write(entry.status().name());
            this.out.write("\"><td class=\"num\">");
            this.out.write(Long.toString(entry.line()));
            this.out.write("</td><td class=\"m\">");
            this.out.write(wrappableName(escape(entry.userPrincipalName())));
            this.out.write("</td><td>");
            this.out.write(escape(entry.displayName()));
            this.out.write("</td><td class=\"m\">");
            this.out.write(escape(EmailAddresses.mask(entry.notifyAddress())));
            this.out.write("</td><td class=\"st\">");
            this.out.write(wrappable(entry.status()));
            this.out.write("</td><td>");
            this.out.write(escape(entry.reason()));
            this.out.write("</td><td class=\"t\">");
            this.out.write(wrappableTime(time(entry.resetAt())));
            this.out.write("</td><td class=\"t\">");
            this.out.write(wrappableTime(time(entry.notifiedAt())));
            this.out.write("</td><td class=\"t\">");
            this.out.write(wrappableTime(time(entry.expiresAt())));
            this.out.write("</td><td class=\"m id\">");
            this.out.write(escape(entry.messageId()));
            this.out.write("</td><td>");
            this.out.write(escape(entry.language()));
            this.out.write("</td></tr>\n");
        }

        void tableEnd() throws IOException {
            this.out.write("</tbody>\n</table>\n");
            if (this.written == 0) {
                this.out.write("<p class=\"empty\">No rows.</p>\n");
            }
            this.out.write("<p class=\"end\">End of the report: " + rows(this.written) + ".");
            if (this.written != this.total) {
                this.out.write(" The summary above counts " + rows(this.total) + ".");
            }
            this.out.write("</p>\n</section>\n</main>\n</body>\n</html>\n");
        }
    }

    /** The page's look: a system font stack, light and dark, and a print layout with every row. */
    private static final String STYLE = """
            :root{--bg:#fff;--fg:#1d2330;--muted:#5b6475;--line:#dde2ea;--head:#f3f5f8;--calm:#2f6f9f;--calm-text:#245a82;\
            --warm:#c4470f;--warm-text:#a83c0c;--on-accent:#fff;color-scheme:light dark}
            @media (prefers-color-scheme:dark){:root{--bg:#14171c;--fg:#e4e8ef;--muted:#9aa3b2;--line:#2c323d;\
            --head:#1c2129;--calm:#4f93c8;--calm-text:#8cc2ee;--warm:#e86a30;--warm-text:#ffa071;--on-accent:#0b1220}}
            *{box-sizing:border-box}
            html{-webkit-text-size-adjust:100%}
            body{margin:0;padding:24px 28px 40px;background:var(--bg);color:var(--fg);font:14px/1.45 system-ui,\
            -apple-system,"Segoe UI",Roboto,"Helvetica Neue","Noto Sans","Liberation Sans",Arial,sans-serif}
            h1{font-size:1.6rem;line-height:1.25;margin:.1rem 0 .3rem;overflow-wrap:anywhere}
            h2{font-size:1.1rem;margin:0 0 .6rem}
            .product{margin:0;color:var(--muted);font-size:.8rem;letter-spacing:.06em;text-transform:uppercase}
            .generated{margin:0 0 1rem;color:var(--muted)}
            .settings{display:grid;grid-template-columns:repeat(auto-fill,minmax(260px,1fr));gap:.35rem 1.5rem;\
            margin:0;padding:.8rem 1rem;border:1px solid var(--line);border-radius:8px;background:var(--head)}
            .settings div{min-width:0}
            .settings dt{color:var(--muted);font-size:.78rem}
            .settings dd{margin:0;font-weight:600;overflow-wrap:anywhere}
            main section{margin-top:1.6rem}
            .verdict{margin:0 0 .8rem;font-size:1rem}
            .verdict.problem strong{color:var(--warm-text)}
            .verdict.ok strong{color:var(--calm-text)}
            .figures{display:flex;flex-wrap:wrap;gap:1.2rem 2.5rem;align-items:flex-start}
            .chart{flex:0 1 520px;max-width:100%;height:auto}
            .chart text{fill:var(--fg);font-size:13px}
            .chart .name{font-weight:600}
            .chart .count{fill:var(--muted);font-variant-numeric:tabular-nums}
            .chart .ok .fill{fill:var(--calm)}
            .chart .p .fill{fill:var(--warm)}
            .chart .p .name{fill:var(--warm-text)}
            table{border-collapse:collapse}
            th{text-align:left}
            .num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
            .counts{flex:1 1 380px;max-width:760px;font-size:13px}
            .counts caption{text-align:left;font-weight:600;padding-bottom:.3rem}
            .counts th,.counts td{padding:.25rem .7rem .25rem 0;border-bottom:1px solid var(--line);vertical-align:top}
            .counts thead th{color:var(--muted);font-weight:600;font-size:.78rem}
            .counts tbody th{font-weight:600;white-space:nowrap}
            .counts tfoot th,.counts tfoot td{font-weight:700;border-bottom:0}
            .dot{display:inline-block;width:.65em;height:.65em;border-radius:2px;margin-right:.45em;background:var(--calm)}
            .dot.p{background:var(--warm)}
            input.f{position:absolute;opacity:0;width:1px;height:1px;margin:0;pointer-events:none}
            .filters{display:flex;flex-wrap:wrap;align-items:center;gap:.4rem;margin:0 0 .8rem}
            .filters .show{color:var(--muted);margin-right:.2rem}
            .filters label{display:inline-flex;align-items:center;gap:.4rem;padding:.25rem .35rem .25rem .7rem;\
            border:1px solid var(--line);border-radius:999px;cursor:pointer;user-select:none;font-size:13px;font-weight:600}
            .filters label:hover{border-color:var(--muted)}
            .filters label.ok::before,.filters label.p::before{content:"";width:.6em;height:.6em;border-radius:2px;\
            background:var(--calm)}
            .filters label.p::before{background:var(--warm)}
            .filters .n{padding:0 .45rem;border-radius:999px;background:var(--head);color:var(--muted);\
            font-variant-numeric:tabular-nums}
            .print-note{display:none}
            .rows{width:100%;min-width:1000px;table-layout:fixed;font-size:13px}
            .rows col:nth-child(1){width:4%}
            .rows col:nth-child(2){width:15%}
            .rows col:nth-child(3){width:10%}
            .rows col:nth-child(4){width:10.5%}
            .rows col:nth-child(5){width:11%}
            .rows col:nth-child(6){width:13%}
            .rows col:nth-child(7),.rows col:nth-child(8),.rows col:nth-child(9){width:7.5%}
            .rows col:nth-child(10){width:6.5%}
            .rows col:nth-child(11){width:7.5%}
            .rows th,.rows td{padding:.3rem .55rem;border-bottom:1px solid var(--line);vertical-align:top}
            .rows thead th{position:sticky;top:0;z-index:1;background:var(--head);color:var(--muted);font-size:.78rem;\
            font-weight:600;box-shadow:inset 0 -1px var(--line)}
            .rows tbody tr:hover td{background:var(--head)}
            .rows td{overflow-wrap:anywhere}
            .rows .m{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,"Liberation Mono",monospace;font-size:12px}
            .rows .id{color:var(--muted);white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
            .rows .id:hover{white-space:normal;overflow:visible}
            .rows .t{font-variant-numeric:tabular-nums;font-size:12px}
            .rows .t span{white-space:nowrap}
            .rows .st{font-weight:600}
            .empty,.end{color:var(--muted)}
            .end{margin-top:.8rem;font-size:.85rem}
            @media print{
            @page{size:landscape;margin:12mm}
            body{padding:0;font-size:10pt;background:#fff;color:#000}
            *{-webkit-print-color-adjust:exact;print-color-adjust:exact}
            input.f,.filters{display:none!important}
            .print-note{display:block;color:#444}
            .rows{display:table!important}
            .rows tbody tr{display:table-row!important;break-inside:avoid}
            .rows thead{display:table-header-group}
            .rows thead th{position:static}
            .rows{min-width:0}
            .rows,.counts{font-size:8.5pt}
            .rows .m,.rows .t{font-size:7.5pt}
            .rows .id{white-space:normal;overflow:visible}
            .rows th,.rows td{padding:.2rem .3rem}
            .rows thead th{font-size:7.5pt}
            .rows col:nth-child(2){width:14%}
            .rows col:nth-child(3){width:10%}
            .rows col:nth-child(4){width:10%}
            .rows col:nth-child(5){width:10%}
            .rows col:nth-child(6){width:11%}
            .rows col:nth-child(7),.rows col:nth-child(8),.rows col:nth-child(9){width:6.5%}
            .rows col:nth-child(10){width:13.5%}
            .rows col:nth-child(11){width:6%}
            .summary{break-inside:avoid}
            }
            """;
}
