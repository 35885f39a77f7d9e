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
import java.util.function.Predicate;
import java.util.regex.Pattern;

import org.thymeleaf.exceptions.TemplateEngineException;
import org.unbescape.html.HtmlEscape;

/**
 * Checks one of the admin's templates in every case a run can make: each optional value there or
 * left out, each time with a new sample credential (a password for the password message's files,
 * a pass for the Temporary Access Pass message's). Each case must render; the text part must show
 * the credential as it is, the HTML part must show it (escaped, as HTML is); the subject must be
 * one line, not empty, without the credential. A refusal names the file and the cases it fails
 * in, as the admin reads them.
 */
final class TemplateCheck {

    /**
     * The values a password run may leave out, as MessageComposer sets them: null without
     * --temp-password-ttl, null without --helpdesk, null without --organization. Every other value
     * is always there (the sign-in address is the cloud's own without --sign-in-url). The check
     * renders each template with every combination of these there and left out.
     */
    private static final List<OptionalValue> PASSWORD_OPTIONAL_VALUES = List.of(
            new OptionalValue("expiresAt", "an expiry", "no expiry", "--temp-password-ttl", null),
            new OptionalValue("helpdesk", "a helpdesk", "no helpdesk", "--helpdesk", null),
            new OptionalValue("organization", "an organisation", "no organisation", "--organization", null));

    /**
     * The values a run that gives passes may leave out or turn: no start time (null) when the pass
     * works as soon as the message is sent, without --tap-start; false without --tap-once; null
     * without --helpdesk or --organization. A pass always has its end ({@code expiresAt}) and the
     * address where it is used ({@code securityInfoUrl}).
     */
    private static final List<OptionalValue> PASS_OPTIONAL_VALUES = List.of(
            new OptionalValue("startsAt", "a start time", "no start time", "--tap-start", null),
            new OptionalValue("usableOnce", "a one-time pass", "a pass for several sign-ins", "--tap-once",
                    Boolean.FALSE),
            new OptionalValue("helpdesk", "a helpdesk", "no helpdesk", "--helpdesk", null),
            new OptionalValue("organization", "an organisation", "no organisation", "--organization", null));

    private static final Credential PASSWORD = new Credential("password", "its users would be reset and told no "
            + "password", MessageTemplates.SUBJECT, MessageTemplates.HTML, PASSWORD_OPTIONAL_VALUES,
            "Your temporary password for jane.doe@contoso.com");

    private static final Credential PASS = new Credential("pass", "its users would be given a pass they are never "
            + "told", MessageTemplates.TAP_SUBJECT, MessageTemplates.TAP_HTML, PASS_OPTIONAL_VALUES,
            "Your Temporary Access Pass for jane.doe@contoso.com");

    private static final Instant SAMPLE_START = Instant.parse("2026-12-31T09:00:00Z");

    private static final Instant SAMPLE_EXPIRY = Instant.parse("2027-01-01T09:00:00Z");

    /** The generator's letters and digits, without look-alikes. */
    private static final String SAMPLE_CHARACTERS = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    private static final String SAMPLE_DIGITS = "23456789";

    /**
     * This many characters of the credential in the subject count as showing it: enough that
     * ordinary words never match a random one by chance, few enough to catch a part of it.
     */
    private static final int PASSWORD_PIECE = 8;

    private static final Pattern LINE_BREAK = Pattern.compile("[\\r\\n\\u0085\\u2028\\u2029]");

    private static final SecureRandom RANDOM = new SecureRandom();

    /** Renders a template by "language/name" with the values given. */
    private final BiFunction<String, Map<String, Object>, String> render;

    /** True if a template "language/name" exists, built in or the admin's. */
    private final Predicate<String> exists;

    TemplateCheck(BiFunction<String, Map<String, Object>, String> render, Predicate<String> exists) {
        this.render = render;
        this.exists = exists;
    }

    /** Throws {@link TemplateRejectedException} if the template fails in any case, naming the cases. */
    void inEveryCase(String language, String name, Path file) {
        Credential credential = MessageTemplates.TAP_NAMES.contains(name) ? PASS : PASSWORD;
        List<OptionalValue> optional = credential.optionalValues();
        int cases = 1 << optional.size();
        Map<Fault, List<Integer>> failed = new EnumMap<>(Fault.class);
        Map<Fault, String> details = new EnumMap<>(Fault.class);
        // From every value there down to none, the order the refusal lists the cases in.
        for (int present = cases - 1; present >= 0; present--) {
            Failure failure = failure(credential, language, name, present);
            if (failure != null) {
                failed.computeIfAbsent(failure.fault(), (fault) -> new ArrayList<>()).add(present);
                details.putIfAbsent(failure.fault(), failure.detail());
            }
        }
        if (failed.isEmpty()) {
            return;
        }
        // The worst fault first: a case that cannot render, or that loses the credential, before a blemish.
        Fault fault = failed.keySet().iterator().next();
        List<Integer> failing = failed.get(fault);
        String when = (failing.size() == cases) ? "" : " when the " + language + " message has "
                + cases(optional, failing);
        String variable = credential.variable();
        String show = name.equals(credential.html()) ? "an element with th:text=\"${" + variable + "}\""
                : "[(${" + variable + "})]";
        String what = switch (fault) {
            case CANNOT_RENDER -> "cannot be rendered" + when + ": " + details.get(fault);
            case NO_CREDENTIAL -> when.isEmpty() ? "does not show the " + variable + ": add " + show + " where it goes"
                    : "does not show the " + variable + when + ": " + credential.lost() + ". Show " + show
                            + " outside th:if and th:unless, or in each case";
            case ESCAPED_CREDENTIAL -> "shows the " + variable + " HTML-escaped" + when + ", as [[${" + variable
                    + "}]] does in a text file: a " + variable + " with & in it would read &amp;. Write [(${"
                    + variable + "})] instead";
            case CREDENTIAL_IN_SUBJECT -> "puts the " + variable + " in the subject" + when + ", where mail logs and "
                    + "lock screens show it: keep it in the message";
            case EMPTY_SUBJECT -> "gives an empty subject" + when;
            case MULTI_LINE_SUBJECT -> "gives a subject of more than one line" + when + ": a subject is one line, "
                    + "as mail headers cannot hold line breaks";
        };
        throw new TemplateRejectedException("The template " + file + " " + what + ". Nothing was changed.");
    }

    /** What is wrong with one template in one case, or null. */
    private Failure failure(Credential credential, String language, String name, int present) {
        String secret = sampleSecret();
        Map<String, Object> values = sample(credential, language, present, secret);
        try {
            String subjectKey = language + "/" + credential.subject();
            // A language the admin added may lack the pass's subject (a run that gives passes refuses
            // it): its message parts are still checked, with a sample subject.
            String subject = this.exists.test(subjectKey) ? this.render.apply(subjectKey, values)
                    : credential.sampleSubject();
            if (name.equals(credential.subject())) {
                // The file's own last line break is not part of the subject: the composer trims it.
                String line = subject.strip();
                if (showsAnyOf(line, secret)) {
                    return new Failure(Fault.CREDENTIAL_IN_SUBJECT, null);
                }
                if (line.isEmpty()) {
                    return new Failure(Fault.EMPTY_SUBJECT, null);
                }
                return LINE_BREAK.matcher(line).find() ? new Failure(Fault.MULTI_LINE_SUBJECT, null) : null;
            }
            values.put("subject", MessageComposer.oneLine(subject));
            String rendered = this.render.apply(language + "/" + name, values);
            if (name.equals(credential.html())) {
                // What a mail client shows: th:text writes the credential's & as &amp;, as it should.
                return HtmlEscape.unescapeHtml(rendered).contains(secret) ? null
                        : new Failure(Fault.NO_CREDENTIAL, null);
            }
            if (rendered.contains(secret)) {
                return null;
            }
            return HtmlEscape.unescapeHtml(rendered).contains(secret) ? new Failure(Fault.ESCAPED_CREDENTIAL, null)
                    : new Failure(Fault.NO_CREDENTIAL, null);
        }
        catch (TemplateEngineException ex) {
            return new Failure(Fault.CANNOT_RENDER, describe(ex));
        }
    }

    /**
     * The cases, as the admin reads them: "no expiry (a run without --temp-password-ttl)" when
     * that alone loses the password, else each case in full.
     */
    private static String cases(List<OptionalValue> optional, List<Integer> failing) {
        List<Integer> fixed = new ArrayList<>();
        for (int i = 0; i < optional.size(); i++) {
            int bit = bit(optional, i);
            if (failing.stream().allMatch((present) -> (present & bit) == (failing.get(0) & bit))) {
                fixed.add(i);
            }
        }
        if (failing.size() == 1 << (optional.size() - fixed.size())) {
            return phrase(optional, failing.get(0), fixed);
        }
        List<Integer> all = new ArrayList<>();
        for (int i = 0; i < optional.size(); i++) {
            all.add(i);
        }
        return String.join(", or ", failing.stream().map((present) -> phrase(optional, present, all)).toList());
    }

    /** "an expiry and no helpdesk (a run with --temp-password-ttl, without --helpdesk)". */
    private static String phrase(List<OptionalValue> optional, int present, List<Integer> values) {
        List<String> message = new ArrayList<>();
        List<String> run = new ArrayList<>();
        for (int i : values) {
            OptionalValue value = optional.get(i);
            boolean there = (present & bit(optional, i)) != 0;
            message.add(there ? value.there() : value.leftOut());
            run.add((there ? "with " : "without ") + value.option());
        }
        return String.join(" and ", message) + " (a run " + String.join(", ", run) + ")";
    }

    private static int bit(List<OptionalValue> optional, int value) {
        return 1 << (optional.size() - 1 - value);
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
     * A credential no template can know in advance, so that one cannot pass by printing a fixed
     * text, shaped like the generator's passwords: letters and digits with an &amp;, the one
     * character of theirs that HTML escaping changes, so a text part that escapes it is caught. A
     * Temporary Access Pass, which the directory makes, may hold an &amp; too. A digit follows the
     * &amp;: were it the last character but an {@code a}, the escaped {@code &amp;amp;a} would hold
     * the credential ({@code &amp;a}) and an escaping template would pass.
     */
    private static String sampleSecret() {
        StringBuilder secret = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            secret.append(SAMPLE_CHARACTERS.charAt(RANDOM.nextInt(SAMPLE_CHARACTERS.length())));
        }
        int ampersand = 1 + RANDOM.nextInt(17);
        secret.setCharAt(ampersand, '&');
        secret.setCharAt(ampersand + 1, SAMPLE_DIGITS.charAt(RANDOM.nextInt(SAMPLE_DIGITS.length())));
        return secret.toString();
    }

    /** The values of one case: as a run sets them, with the optional ones there or left out. */
    private static Map<String, Object> sample(Credential credential, String language, int present, String secret) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("displayName", "Jane Doe");
        values.put("userPrincipalName", "jane.doe@contoso.com");
        if (credential == PASS) {
            values.put("pass", secret);
            values.put("securityInfoUrl", "https://mysignins.microsoft.com/security-info");
            values.put("startsAt", MessageComposer.expiry(SAMPLE_START, language, ZoneOffset.UTC));
            values.put("usableOnce", Boolean.TRUE);
        }
        else {
            values.put("password", secret);
            values.put("signInUrl", "https://portal.office.com");
        }
        values.put("helpdesk", "the IT helpdesk at +1 555 0100");
        values.put("organization", "Contoso");
        values.put("expiresAt", MessageComposer.expiry(SAMPLE_EXPIRY, language, ZoneOffset.UTC));
        values.put("language", language);
        List<OptionalValue> optional = credential.optionalValues();
        for (int i = 0; i < optional.size(); i++) {
            if ((present & bit(optional, i)) == 0) {
                values.put(optional.get(i).variable(), optional.get(i).absent());
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

    /**
     * A value a run may leave out: its variable, how a refusal calls it there and left out, the
     * option that sets it, and what it holds when left out.
     */
    private record OptionalValue(String variable, String there, String leftOut, String option, Object absent) {
    }

    /**
     * What one kind of message carries, as its check needs it: the variable (also the word the
     * refusals use), what losing it does to the users, the message's subject and HTML files, the
     * values a run may leave out, and a subject to check the message parts with when a language
     * the admin added has none.
     */
    private record Credential(String variable, String lost, String subject, String html,
            List<OptionalValue> optionalValues, String sampleSubject) {
    }

    /** What can be wrong with a template in one case, the worst first. */
    private enum Fault {
        CANNOT_RENDER, NO_CREDENTIAL, ESCAPED_CREDENTIAL, CREDENTIAL_IN_SUBJECT, EMPTY_SUBJECT, MULTI_LINE_SUBJECT
    }

    private record Failure(Fault fault, String detail) {
    }
}
