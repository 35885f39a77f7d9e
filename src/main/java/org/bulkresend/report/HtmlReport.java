package org.bulkresend.report;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import org.bulkresend.credential.CredentialKind;
import org.bulkresend.ledger.LedgerEntry;
import org.bulkresend.ledger.Status;
import org.bulkresend.report.HtmlReportView.Count;
import org.bulkresend.report.HtmlReportView.Page;
import org.bulkresend.report.HtmlReportView.Row;
import org.bulkresend.storage.IoFailures;
import org.thymeleaf.TemplateEngine;
import org.thymeleaf.context.Context;
import org.thymeleaf.exceptions.TemplateEngineException;
import org.thymeleaf.exceptions.TemplateProcessingException;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.templateresolver.ClassLoaderTemplateResolver;
import org.unbescape.html.HtmlEscape;

/**
 * A run's result report as one self-contained HTML page, for the admin who opens it days later,
 * offline, perhaps from a mail attachment: the run's settings, a bar chart and a table of the
 * rows per status, and every row, which can be filtered by status.
 * <p>
 * The page needs nothing but itself: no script, no font, no image and no style sheet from
 * anywhere, and its Content-Security-Policy forbids loading any. The status filter is plain
 * HTML and CSS (radio buttons and {@code :checked} rules), so it works where a viewer blocks
 * scripts; print shows every row. Addresses are masked as in the CSV report.
 * <p>
 * The page is the Thymeleaf template {@code report.html} with its style {@code report.css},
 * from the class path beside this class, rendered by the report's own engine in HTML mode (CSS
 * mode for the style): every value from the input or the ledger goes through the template's
 * escaping, after {@link HtmlReportView#shown} has made its control characters visible. This
 * class gathers what the page shows ({@link HtmlReportView}) and writes it. Rows are written as
 * they come, a table of a thousand at a time (one table for most runs), and the file appears
 * all at once: a reader never sees half a report.
 */
public final class HtmlReport {

    /** One line of the run's settings, as shown at the top of the report. */
    public record Setting(String name, String value) {
    }

    /**
     * Rows per table. The rows go into a table of their own every thousand, one after the other
     * with the same columns: a browser builds a page of 100,000 rows about twice as fast so.
     */
    static final int TABLE_ROWS = 1000;

    /** The longest bar in chart units; the chart leaves room beside it for the count. */
    static final int BAR_MAX = 400;

    /** The shortest bar drawn, so that a single row among 100,000 still shows. */
    static final double BAR_MIN = 2;

    /** The report's templates on the class path. */
    static final String TEMPLATES = "org/bulkresend/report/";

    private static final String PAGE = "report.html";

    private static final String STYLE = "report.css";

    /** Where the rendered page has its rows: the page is written around them. */
    private static final String ROWS_MARK = "<!--rows-->";

    /** The page's fragment that is one table of rows. */
    private static final Set<String> TABLE = Set.of("rows");

    private static final Templates BUILT_IN = new Templates(TEMPLATES);

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
        write(html, title, settings, counts, CredentialKind.PASSWORD, ZoneOffset.UTC, rows);
    }

    /**
     * {@link #write(Path, String, List, Map, Consumer)} with the statuses in the words of the run's
     * credential ("pass issued" for passes) and the rows' times in the run's time zone, with their
     * offset.
     */
    public static void write(Path html, String title, List<Setting> settings, Map<Status, Long> counts,
            CredentialKind kind, ZoneId zone, Consumer<Consumer<LedgerEntry>> rows) {
        write(BUILT_IN, html, title, settings, counts, kind, zone, rows, Instant.now());
    }

    static void write(Templates templates, Path html, String title, List<Setting> settings,
            Map<Status, Long> counts, Consumer<Consumer<LedgerEntry>> rows, Instant generated) {
        write(templates, html, title, settings, counts, CredentialKind.PASSWORD, ZoneOffset.UTC, rows, generated);
    }

    static void write(Templates templates, Path html, String title, List<Setting> settings,
            Map<Status, Long> counts, CredentialKind kind, ZoneId zone, Consumer<Consumer<LedgerEntry>> rows,
            Instant generated) {
        Path partial = null;
        try {
            Path parent = html.toAbsolutePath().getParent();
            // Owner-only from the moment it exists, like the CSV report it sits beside.
            OwnerOnly.createFolders(parent);
            partial = OwnerOnly.createTempFile(parent, html.getFileName().toString(), ".partial");
            try (Writer out = new BufferedWriter(Files.newBufferedWriter(partial, StandardCharsets.UTF_8), 1 << 16)) {
                Page page = templates.page(title, settings, counts, kind, generated);
                out.write(templates.beforeRows(page));
                Tables tables = new Tables(templates, out, zone);
                rows.accept(tables);
                tables.end();
                out.write(templates.afterRows(page, tables.written));
            }
            Files.move(partial, html, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            partial = null;
        }
        catch (IOException | UncheckedIOException ex) {
            IOException cause = (ex instanceof UncheckedIOException unchecked) ? unchecked.getCause() : (IOException) ex;
            throw new UncheckedIOException("could not write the report " + html + ": " + IoFailures.reason(cause), cause);
        }
        catch (TemplateEngineException ex) {
            // The templates render into memory, so this is never the disk: a template is missing or broken.
            throw new IllegalStateException("could not write the report " + html + ": its template in "
                    + templates.folder() + " on the class path is missing or broken: " + ex.getMessage(), ex);
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

    /**
     * A value as the page writes it: {@link HtmlReportView#shown}, then escaped as th:text and
     * th:attr escape in HTML mode, with the same call ({@code & < > " '} become character
     * references).
     */
    static String escape(String value) {
        return HtmlEscape.escapeHtml4Xml(HtmlReportView.shown(value));
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

    /**
     * The report's templates in a folder on the class path, with an engine of their own (not the
     * messages'): HTML mode, CSS mode for the style. A template that is missing or does not
     * render stops the report with its name.
     */
    record Templates(String folder, TemplateEngine engine) {

        Templates(String folder) {
            this(folder, engine(folder));
        }

        private static TemplateEngine engine(String folder) {
            ClassLoaderTemplateResolver resolver = new ClassLoaderTemplateResolver(HtmlReport.class.getClassLoader());
            resolver.setPrefix(folder);
            resolver.setTemplateMode(TemplateMode.HTML);
            resolver.setCSSTemplateModePatterns(Set.of("*.css"));
            resolver.setCharacterEncoding(StandardCharsets.UTF_8.name());
            resolver.setCheckExistence(true);
            resolver.setCacheable(true);
            TemplateEngine engine = new TemplateEngine();
            engine.setTemplateResolver(resolver);
            return engine;
        }

        /** What the page shows above its rows, with its style rendered first, for its policy to name. */
        Page page(String title, List<Setting> settings, Map<Status, Long> counts, CredentialKind kind,
                Instant generated) {
            List<Count> shownCounts = HtmlReportView.counts(counts, kind);
            Context context = new Context(Locale.ROOT);
            context.setVariable("statuses", List.of(Status.values()));
            context.setVariable("counts", shownCounts);
            return HtmlReportView.page(title, settings, shownCounts, generated, this.engine.process(STYLE, context));
        }

        /**
         * The page up to where its rows go. The whole page is rendered, before the rows and again
         * after them, as what follows the rows counts them.
         */
        String beforeRows(Page page) {
            String whole = whole(page, 0);
            return whole.substring(0, rowsMark(whole));
        }

        String afterRows(Page page, long written) {
            String whole = whole(page, written);
            return whole.substring(rowsMark(whole) + ROWS_MARK.length());
        }

        /** One table of rows, rendered whole: Thymeleaf writes in many small pieces. */
        String table(List<Row> rows) {
            Context context = new Context(Locale.ROOT);
            context.setVariable("rows", rows);
            return this.engine.process(PAGE, TABLE, context);
        }

        private String whole(Page page, long written) {
            Context context = new Context(Locale.ROOT);
            context.setVariable("page", page);
            context.setVariable("written", written);
            return this.engine.process(PAGE, context);
        }

        private int rowsMark(String page) {
            int at = page.indexOf(ROWS_MARK);
            if (at < 0 || page.indexOf(ROWS_MARK, at + 1) >= 0) {
                throw new TemplateProcessingException("the template " + this.folder + PAGE + " must have one "
                        + ROWS_MARK + ", where the rows go");
            }
            return at;
        }
    }

    /** Writes the rows as they come, a table at a time; a run without rows still shows the columns. */
    private static final class Tables implements Consumer<LedgerEntry> {

        private final Templates templates;

        private final Writer out;

        private final List<Row> rows = new ArrayList<>(TABLE_ROWS);

        private final ZoneId zone;

        private long written;

        Tables(Templates templates, Writer out, ZoneId zone) {
            this.templates = templates;
            this.out = out;
            this.zone = zone;
        }

        @Override
        public void accept(LedgerEntry entry) {
            this.rows.add(Row.of(entry, this.zone));
            this.written++;
            if (this.rows.size() == TABLE_ROWS) {
                table();
            }
        }

        void end() {
            if (!this.rows.isEmpty() || this.written == 0) {
                table();
            }
        }

        private void table() {
            try {
                this.out.write(this.templates.table(this.rows));
            }
            catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
            this.rows.clear();
        }
    }
}
