package org.bulkresend.notify;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.regex.Pattern;

import org.thymeleaf.exceptions.TemplateEngineException;
import org.unbescape.html.HtmlEscape;

/**
 * Checks one of the admin's templates in every case a run can make: each optional value there or
 * left out, each time with a new sample password. Each case must render; {@code message.txt} must
 * show the password as it is, {@code message.html} must show it (escaped, as HTML is); the subject
 * must be one line, not empty, without the password. A refusal names the file and the cases it
 * fails in, as the admin reads them.
 */
final class TemplateCheck {

    /**
     * The values a run may leave out, as MessageComposer sets them: null without
     * --temp-password-ttl, null without --helpdesk, null without --organization. Every other value is always there (the sign-in
     * address is the cloud's own without --sign-in-url). The check renders each template with
     * every combination of these there and left out.
     */
    private static final List<OptionalValue> OPTIONAL_VALUES = List.of(
            new OptionalValue("expiresAt", "an expiry", "no expiry", "--temp-password-ttl"),
            new OptionalValue("helpdesk", "a helpdesk", "no helpdesk", "--helpdesk"),
            new OptionalValue("organization", "an organisation", "no organisation", "--organization"));

    private static final Instant SAMPLE_EXPIRY = Instant.parse("2027-01-01T09:00:00Z");

    /** The generator's letters and digits, without look-alikes. */
    private static final String SAMPLE_CHARACTERS = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    /**
     * This many characters of the password in the subject count as showing it: enough that
     * ordinary words never match a random one by chance, few enough to catch a part of it.
     */
    private static final int PASSWORD_PIECE = 8;

    private static final Pattern LINE_BREAK = Pattern.compile("[\\r\\n\\u0085\\u2028\\u2029]");

    private static final SecureRandom RANDOM = new SecureRandom();

    /** Renders a template by "language/name" with the values given. */
    private final BiFunction<String, Map<String, Object>, String> render;

    TemplateCheck(BiFunction<String, Map<String, Object>, String> render) {
        this.render = render;
    }

    /** Throws {@link TemplateRejectedException} if the template fails in any case, naming the cases. */
    void inEveryCase(String language, String name, Path file) {
        int cases = 1 << OPTIONAL_VALUES.size();
        Map<Fault, List<Integer>> failed = new EnumMap<>(Fault.class);
        Map<Fault, String> details = new EnumMap<>(Fault.class);
        // From every value there down to none, the order the refusal lists the cases in.
        for (int present = cases - 1; present >= 0; present--) {
            Failure failure = failure(language, name, present);
            if (failure != null) {
                failed.computeIfAbsent(failure.fault(), (fault) -> new ArrayList<>()).add(present);
                details.putIfAbsent(failure.fault(), failure.detail());
            }
        }
        if (failed.isEmpty()) {
            return;
        }
        // The worst fault first: a case that cannot render, or that loses the password, before a blemish.
        Fault fault = failed.keySet().iterator().next();
        List<Integer> failing = failed.get(fault);
        String when = (failing.size() == cases) ? "" : " when the " + language + " message has " + cases(failing);
        String show = name.equals(MessageTemplates.HTML) ? "an element with th:text=\"${password}\"" : "[(${password})]";
        String what = switch (fault) {
            case CANNOT_RENDER -> "cannot be rendered" + when + ": " + details.get(fault);
            case NO_PASSWORD -> when.isEmpty() ? "does not show the password: add " + show + " where it goes"
                    : "does not show the password" + when + ": its users would be reset and told no password. Show "
                            + show + " outside th:if and th:unless, or in each case";
            case ESCAPED_PASSWORD -> "shows the password HTML-escaped" + when + ", as [[${password}]] does in a text "
                    + "file: a password with & in it would read &amp;. Write [(${password})] instead";
            case PASSWORD_IN_SUBJECT -> "puts the password in the subject" + when + ", where mail logs and lock "
                    + "screens show it: keep it in the message";
            case EMPTY_SUBJECT -> "gives an empty subject" + when;
            case MULTI_LINE_SUBJECT -> "gives a subject of more than one line" + when + ": a subject is one line, "
                    + "as mail headers cannot hold line breaks";
        };
        throw new TemplateRejectedException("The template " + file + " " + what + ". Nothing was changed.");
    }

    /** What is wrong with one template in one case, or null. */
    private Failure failure(String language, String name, int present) {
        String password = samplePassword();
        Map<String, Object> values = sample(language, present, password);
        try {
            String subject = this.render.apply(language + "/" + MessageTemplates.SUBJECT, values);
            if (name.equals(MessageTemplates.SUBJECT)) {
                // The file's own last line break is not part of the subject: the composer trims it.
                String line = subject.strip();
                if (showsAnyOf(line, password)) {
                    return new Failure(Fault.PASSWORD_IN_SUBJECT, null);
                }
                if (line.isEmpty()) {
                    return new Failure(Fault.EMPTY_SUBJECT, null);
                }
                return LINE_BREAK.matcher(line).find() ? new Failure(Fault.MULTI_LINE_SUBJECT, null) : null;
            }
            values.put("subject", MessageComposer.oneLine(subject));
            String rendered = this.render.apply(language + "/" + name, values);
            if (name.equals(MessageTemplates.HTML)) {
                // What a mail client shows: th:text writes the password's & as &amp;, as it should.
                return HtmlEscape.unescapeHtml(rendered).contains(password) ? null
                        : new Failure(Fault.NO_PASSWORD, null);
            }
            if (rendered.contains(password)) {
                return null;
            }
            return HtmlEscape.unescapeHtml(rendered).contains(password) ? new Failure(Fault.ESCAPED_PASSWORD, null)
                    : new Failure(Fault.NO_PASSWORD, null);
        }
        catch (TemplateEngineException ex) {
            return new Failure(Fault.CANNOT_RENDER, describe(ex));
        }
    }

    /**
     * The cases, as the admin reads them: "no expiry (a run without --temp-password-ttl)" when
     * that alone loses the password, else each case in full.
     */
    private static String cases(List<Integer> failing) {
        List<Integer> fixed = new ArrayList<>();
        for (int i = 0; i < OPTIONAL_VALUES.size(); i++) {
            int bit = bit(i);
            if (failing.stream().allMatch((present) -> (present & bit) == (failing.get(0) & bit))) {
                fixed.add(i);
            }
        }
        if (failing.size() == 1 << (OPTIONAL_VALUES.size() - fixed.size())) {
            return phrase(failing.get(0), fixed);
        }
        List<Integer> all = new ArrayList<>();
        for (int i = 0; i < OPTIONAL_VALUES.size(); i++) {
            all.add(i);
        }
        return String.join(", or ", failing.stream().map((present) -> phrase(present, all)).toList());
    }

    /** "an expiry and no helpdesk (a run with --temp-password-ttl, without --helpdesk)". */
    private static String phrase(int present, List<Integer> values) {
        List<String> message = new ArrayList<>();
        List<String> run = new ArrayList<>();
        for (int i : values) {
            OptionalValue value = OPTIONAL_VALUES.get(i);
            boolean there = (present & bit(i)) != 0;
            message.add(there ? value.there() : value.leftOut());
            run.add((there ? "with " : "without ") + value.option());
        }
        return String.join(" and ", message) + " (a run " + String.join(", ", run) + ")";
    }

    private static int bit(int value) {
        return 1 << (OPTIONAL_VALUES.size() - 1 - value);
    }

    /** True if the text shows the password, or a piece of it long enough to matter, in any letter case. */
    private static boolean showsAnyOf(String text, String password) {
        String folded = text.toLowerCase(Locale.ROOT);
        String secret = password.toLowerCase(Locale.ROOT);
        for (int i = 0; i + PASSWORD_PIECE <= secret.length(); i++) {
            if (folded.contains(secret.substring(i, i + PASSWORD_PIECE))) {
                return true;
            }
        }
        return false;
    }

    /**
     * A password no template can know in advance, so that one cannot pass by printing a fixed
     * text, shaped like the generator's: letters and digits with an &amp;, the one character
     * of theirs that HTML escaping changes, so a text part that escapes it is caught.
     */
    private static String samplePassword() {
        StringBuilder password = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            password.append(SAMPLE_CHARACTERS.charAt(RANDOM.nextInt(SAMPLE_CHARACTERS.length())));
        }
        password.setCharAt(1 + RANDOM.nextInt(18), '&');
        return password.toString();
    }

    /** The values of one case: as a run sets them, with the optional ones there or left out (null). */
    private static Map<String, Object> sample(String language, int present, String password) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("displayName", "Jane Doe");
        values.put("userPrincipalName", "jane.doe@contoso.com");
        values.put("password", password);
        values.put("signInUrl", "https://portal.office.com");
        values.put("helpdesk", "the IT helpdesk at +1 555 0100");
        values.put("organization", "Contoso");
        values.put("expiresAt", MessageComposer.expiry(SAMPLE_EXPIRY, language, ZoneOffset.UTC));
        values.put("language", language);
        for (int i = 0; i < OPTIONAL_VALUES.size(); i++) {
            if ((present & bit(i)) == 0) {
                values.put(OPTIONAL_VALUES.get(i).variable(), null);
            }
        }
        return values;
    }

    /** Thymeleaf's own words for what is wrong, without the template's text or a stack trace. */
    private static String describe(TemplateEngineException ex) {
        Throwable deepest = ex;
        while (deepest.getCause() != null && deepest.getCause() != deepest) {
            deepest = deepest.getCause();
        }
        String message = (deepest.getMessage() != null) ? deepest.getMessage() : deepest.getClass().getSimpleName();
        message = message.replaceAll("\\s*\\(template: \"[^\"]*\"[^)]*\\)", "").strip();
        return message.length() > 300 ? message.substring(0, 300) + "..." : message;
    }

    /** A value a run may leave out: its variable, how a refusal calls it there and left out, and its option. */
    private record OptionalValue(String variable, String there, String leftOut, String option) {
    }

    /** What can be wrong with a template in one case, the worst first. */
    private enum Fault {
        CANNOT_RENDER, NO_PASSWORD, ESCAPED_PASSWORD, PASSWORD_IN_SUBJECT, EMPTY_SUBJECT, MULTI_LINE_SUBJECT
    }

    private record Failure(Fault fault, String detail) {
    }
}
