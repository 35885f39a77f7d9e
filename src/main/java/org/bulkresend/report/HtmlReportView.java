package org.bulkresend.report;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Base64;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

import org.bulkresend.address.EmailAddresses;
import org.bulkresend.credential.CredentialKind;
import org.bulkresend.ledger.LedgerEntry;
import org.bulkresend.ledger.Status;
import org.bulkresend.report.HtmlReport.Setting;

/**
 * What the HTML report's templates show, as records of text. Values from the input and the
 * ledger have their control characters made visible ({@link #shown}); the templates escape them.
 */
final class HtmlReportView {

    /** Each status as written in the rows: it may wrap after each underscore. */
    private static final Map<Status, List<String>> STATUS_PARTS = Arrays.stream(Status.values())
        .collect(Collectors.toMap((status) -> status, (status) -> List.of(status.name().split("(?<=_)")),
                (a, b) -> a, () -> new EnumMap<>(Status.class)));

    private HtmlReportView() {
    }

    /** The statuses with rows, in the order of {@link Status}, with their bars and shares. */
    static List<Count> counts(Map<Status, Long> counts, CredentialKind kind) {
        Map<Status, Long> present = new EnumMap<>(Status.class);
        if (counts != null) {
            counts.forEach((status, count) -> {
                if (status != null && count != null && count > 0) {
                    present.put(status, count);
                }
            });
        }
        long total = present.values().stream().mapToLong(Long::longValue).sum();
        long max = present.values().stream().mapToLong(Long::longValue).max().orElse(0);
        return present.entrySet().stream().map((e) -> Count.of(e.getKey(), kind, e.getValue(), total, max))
            .toList();
    }

    /** The page above its rows, with its style (report.css rendered) and the style's hash for its policy. */
    static Page page(String title, List<Setting> settings, List<Count> counts, Instant generated, String style) {
        long total = counts.stream().mapToLong(Count::count).sum();
        long problems = counts.stream().filter(Count::problem).mapToLong(Count::count).sum();
        List<Setting> shownSettings = (settings == null) ? List.of()
                : settings.stream()
                    .filter(Objects::nonNull)
                    .map((s) -> new Setting(shown(s.name()), shown(s.value())))
                    .toList();
        return new Page(shown(title), ReportWriter.time(generated), shownSettings, counts, total, problems, style,
                hash(style));
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

    /**
     * Text as the page shows it. Control characters, which a browser would silently fold into a
     * space, become visible: a line break (CR, LF or CRLF) becomes ↵, a tab ⇥ and any other
     * control character U+FFFD, so a name that hides a line break shows it. A lone surrogate,
     * which no UTF-8 file can hold, becomes U+FFFD. Null is empty.
     */
    static String shown(String value) {
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
                replacement = switch (c) {
                    case '\r', '\n' -> "\u21B5";
                    case '\t' -> "\u21E5";
                    default -> (c < 0x20 || (c >= 0x7F && c <= 0x9F)) ? "\uFFFD" : null;
                };
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

    /**
     * The page above its rows; {@link #number} and {@link #rows} write counts as it shows them.
     * (Not "settings": OGNL takes a name that starts with "set" for a setter.)
     */
    record Page(String title, String generated, List<Setting> runSettings, List<Count> counts, long total,
            long problems, String style, String styleHash) {

        public String number(long count) {
            return String.format(Locale.ROOT, "%,d", count);
        }

        public String rows(long count) {
            return number(count) + ((count == 1) ? " row" : " rows");
        }
    }

    /** A status with rows: its bar (in chart units), its line in the counts table and its filter. */
    record Count(String status, boolean problem, String meaning, long count, String share, String barWidth,
            String countX) {

        static Count of(Status status, CredentialKind kind, long count, long total, long max) {
            double width = HtmlReport.barWidth(count, max);
            return new Count(status.name(), status.isProblem(), status.meaning(kind), count,
                    HtmlReport.share(count, total),
                    String.format(Locale.ROOT, "%.2f", width), String.format(Locale.ROOT, "%.2f", width + 8));
        }
    }

    /**
     * One row as the page shows it: its user principal name in two parts, to wrap before the
     * domain (null if it has none); the address masked; each time in two parts, or null.
     * <p>
     * Thymeleaf reads a public JavaBeans getter directly, and anything else through OGNL, several
     * times slower: as every row's values are read, a row and its times have getters and are
     * public (within this package-private class, so not part of the package's API).
     */
    public record Row(long line, String status, List<String> statusParts, String name, String domain,
            String displayName, String address, String reason, List<Time> times, String messageId, String language) {

        static Row of(LedgerEntry entry, ZoneId zone) {
            String upn = shown(entry.userPrincipalName());
            int at = upn.lastIndexOf('@');
            return new Row(entry.line(), entry.status().name(), STATUS_PARTS.get(entry.status()),
                    (at > 0) ? upn.substring(0, at) : upn, (at > 0) ? upn.substring(at) : null,
                    shown(entry.displayName()), shown(EmailAddresses.mask(entry.notifyAddress())),
                    shown(EmailAddresses.maskEach(entry.reason(), entry.userPrincipalName())),
                    Arrays.asList(Time.of(entry.resetAt(), zone), Time.of(entry.notifiedAt(), zone),
                            Time.of(entry.expiresAt(), zone)),
                    shown(entry.messageId()), shown(entry.language()));
        }

        public long getLine() {
            return this.line;
        }

        public String getStatus() {
            return this.status;
        }

        public List<String> getStatusParts() {
            return this.statusParts;
        }

        public String getName() {
            return this.name;
        }

        public String getDomain() {
            return this.domain;
        }

        public String getDisplayName() {
            return this.displayName;
        }

        public String getAddress() {
            return this.address;
        }

        /** The masked address in two parts, to wrap before the domain rather than inside it; one part without one. */
        public List<String> getAddressParts() {
            int at = this.address.lastIndexOf('@');
            return (at > 0) ? List.of(this.address.substring(0, at), this.address.substring(at)) : List.of(this.address);
        }

        public String getReason() {
            return this.reason;
        }

        public List<Time> getTimes() {
            return this.times;
        }

        public String getMessageId() {
            return this.messageId;
        }

        public String getLanguage() {
            return this.language;
        }
    }

    /**
     * A time to the second in the run's time zone, with its offset (2026-12-03T17:00:00+01:00; Z
     * in UTC), split after the date's T: it may wrap there and nowhere else. Getters as in
     * {@link Row}.
     */
    public record Time(String date, String clock) {

        static Time of(Instant instant, ZoneId zone) {
            if (instant == null) {
                return null;
            }
            String time = DateTimeFormatter.ISO_OFFSET_DATE_TIME
                .format(instant.truncatedTo(ChronoUnit.SECONDS).atZone(zone).toOffsetDateTime());
            int t = time.indexOf('T') + 1;
            return new Time(time.substring(0, t), time.substring(t));
        }

        public String getDate() {
            return this.date;
        }

        public String getClock() {
            return this.clock;
        }
    }
}
