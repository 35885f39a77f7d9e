package org.bulkresend.notify;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.thymeleaf.IEngineConfiguration;
import org.thymeleaf.TemplateEngine;
import org.thymeleaf.cache.AlwaysValidCacheEntryValidity;
import org.thymeleaf.context.Context;
import org.thymeleaf.exceptions.TemplateEngineException;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.templateresolver.ITemplateResolver;
import org.thymeleaf.templateresolver.TemplateResolution;
import org.thymeleaf.templateresource.StringTemplateResource;
import org.unbescape.html.HtmlEscape;

/**
 * The message templates of every language: the built-in ones, written natively for each
 * language, and the admin's own from {@code --templates DIR}, which replace them file by file and
 * may add languages. Rendered with Thymeleaf: HTML mode, which escapes every value, for
 * {@code message.html}; text mode for {@code subject.txt} and {@code message.txt}.
 * <p>
 * An override folder is read once, when the run starts; {@link #check()} renders every file of it
 * in every case a run can make before anything changes, so a broken template, or one that loses
 * the password when the run sets no expiry or no helpdesk, stops the run with the file's name
 * instead of failing a message, or sending it without the password, after its user was reset.
 */
public class MessageTemplates {

    /** The languages with built-in messages. */
    public static final List<String> BUILT_IN = List.of("en", "it", "sv", "fr", "zh-TW", "ja");

    public static final String SUBJECT = "subject.txt";

    public static final String TEXT = "message.txt";

    public static final String HTML = "message.html";

    /** The files of a language, in the order they are checked. */
    public static final List<String> NAMES = List.of(SUBJECT, TEXT, HTML);

    /** The values every template can use, with what they hold. */
    public static final Map<String, String> VARIABLES = variables();

    /**
     * The values a run may leave out, as MessageComposer sets them: null without
     * --temp-password-ttl, null without --helpdesk. Every other value is always there (the sign-in
     * address is the cloud's own without --sign-in-url). The check renders each template with
     * every combination of these there and left out.
     */
    private static final List<OptionalValue> OPTIONAL_VALUES = List.of(
            new OptionalValue("expiresAt", "an expiry", "no expiry", "--temp-password-ttl"),
            new OptionalValue("helpdesk", "a helpdesk", "no helpdesk", "--helpdesk"));

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

    private static final String BUILT_IN_FOLDER = "/org/bulkresend/notify/templates/";

    /** "language/name" to the template's text; the admin's files replace the built-in ones. */
    private final Map<String, String> sources = new LinkedHashMap<>();

    /** "language/name" to the admin's file, for each template that comes from --templates. */
    private final Map<String, Path> overrides = new TreeMap<>();

    private final List<String> languages = new ArrayList<>(BUILT_IN);

    private final String defaultLanguage;

    private final Path folder;

    private final TemplateEngine engine = new TemplateEngine();

    private String problem;

    private boolean checked;

    /**
     * @param folder the admin's templates, or null for the built-in ones only
     * @param defaultLanguage the language of users whose own language has no messages
     */
    public MessageTemplates(Path folder, String defaultLanguage) {
        this.folder = folder;
        for (String language : BUILT_IN) {
            for (String name : NAMES) {
                this.sources.put(language + "/" + name, builtIn(language + "/" + name));
            }
        }
        try {
            if (folder != null) {
                readOverrides(folder);
            }
        }
        catch (TemplateRejectedException ex) {
            this.problem = ex.getMessage();
        }
        String language = (defaultLanguage == null || defaultLanguage.isBlank()) ? "en" : defaultLanguage;
        this.defaultLanguage = Languages.match(language, this.languages).orElse(null);
        if (this.defaultLanguage == null && this.problem == null) {
            this.problem = "The default language '" + language + "' has no messages: use one of "
                    + String.join(", ", this.languages) + ((folder != null) ? "" : ", or give --templates DIR with a "
                            + "folder for it") + ".";
        }
        this.engine.setTemplateResolver(new SourceResolver(this.sources));
    }

    /** The languages messages can be written in: the built-in ones and any the admin added. */
    public List<String> languages() {
        return List.copyOf(this.languages);
    }

    public String defaultLanguage() {
        return (this.defaultLanguage != null) ? this.defaultLanguage : "en";
    }

    /** The admin's template folder, or null. */
    public Path folder() {
        return this.folder;
    }

    /** The admin's files in use, by "language/name". */
    public Map<String, Path> overrides() {
        return Map.copyOf(this.overrides);
    }

    /**
     * Picks the language of a user's message: the row's language, else the directory's preferred
     * language, else the default. A language without messages gets the default, with a note.
     */
    public LanguageChoice choose(String rowLanguage, String directoryLanguage) {
        String source;
        String wanted;
        if (rowLanguage != null && !rowLanguage.isBlank()) {
            source = "the row's language";
            wanted = rowLanguage.strip();
        }
        else if (directoryLanguage != null && !directoryLanguage.isBlank()) {
            source = "the directory's preferred language";
            wanted = directoryLanguage.strip();
        }
        else {
            return new LanguageChoice(defaultLanguage(), null);
        }
        Optional<String> match = Languages.match(wanted, this.languages);
        return match.map((language) -> new LanguageChoice(language, null))
            .orElseGet(() -> new LanguageChoice(defaultLanguage(), "written in " + defaultLanguage() + ": " + source
                    + " '" + MessageComposer.oneLine(wanted) + "' has no messages"));
    }

    /**
     * Renders every template of the admin's folder once for each case a run can make (every
     * optional value there or left out), each time with a new sample password, and throws
     * {@link TemplateRejectedException} naming the first file that fails and the cases it fails
     * in. Each case must render; message.txt must show the password as it is, message.html must
     * show it (escaped, as HTML is); the subject must be one line, not empty, without the
     * password. The subject is the only header a template writes, so no header can carry it.
     */
    public void check() {
        if (this.problem != null) {
            throw new TemplateRejectedException(this.problem);
        }
        if (this.checked) {
            return;
        }
        // The subject first: the message parts show it as ${subject}, so theirs is checked with a good one.
        for (String language : this.languages) {
            for (String name : NAMES) {
                Path file = this.overrides.get(language + "/" + name);
                if (file != null) {
                    checkInEveryCase(language, name, file);
                }
            }
        }
        this.checked = true;
    }

    private void checkInEveryCase(String language, String name, Path file) {
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
        String show = name.equals(HTML) ? "an element with th:text=\"${password}\"" : "[(${password})]";
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
            String subject = render(language + "/" + SUBJECT, values);
            if (name.equals(SUBJECT)) {
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
            String rendered = render(language + "/" + name, values);
            if (name.equals(HTML)) {
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

    /** Renders one template of a language ("subject.txt", "message.txt" or "message.html"). */
    public String render(String language, String name, Map<String, Object> values) {
        if (this.problem != null) {
            throw new TemplateRejectedException(this.problem);
        }
        return render(language + "/" + name, values);
    }

    private String render(String key, Map<String, Object> values) {
        Context context = new Context(Languages.parse(key.substring(0, key.indexOf('/'))).orElse(Locale.ROOT));
        context.setVariables(values);
        return this.engine.process(key, context);
    }

    /** The values of one case: as a run sets them, with the optional ones there or left out (null). */
    private static Map<String, Object> sample(String language, int present, String password) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("displayName", "Jane Doe");
        values.put("userPrincipalName", "jane.doe@contoso.com");
        values.put("password", password);
        values.put("signInUrl", "https://portal.office.com");
        values.put("helpdesk", "the IT helpdesk at +1 555 0100");
        values.put("expiresAt", MessageComposer.expiry(SAMPLE_EXPIRY, language, ZoneOffset.UTC));
        values.put("language", language);
        for (int i = 0; i < OPTIONAL_VALUES.size(); i++) {
            if ((present & bit(i)) == 0) {
                values.put(OPTIONAL_VALUES.get(i).variable(), null);
            }
        }
        return values;
    }

    private void readOverrides(Path folder) {
        if (!Files.isDirectory(folder)) {
            throw new TemplateRejectedException("The templates folder " + folder + " does not exist or is not a "
                    + "folder. Nothing was changed.");
        }
        for (Path languageFolder : list(folder)) {
            String name = languageFolder.getFileName().toString();
            if (name.startsWith(".")) {
                continue;
            }
            if (!Files.isDirectory(languageFolder) || Languages.parse(name).isEmpty()) {
                throw new TemplateRejectedException(languageFolder + " is not a language folder: put each language's "
                        + "templates in a folder named by its language (en, it, sv, fr, zh-TW, ja, or another "
                        + "language tag). Nothing was changed.");
            }
            String language = Languages.parse(name).get().toLanguageTag();
            String known = BUILT_IN.stream().filter(language::equalsIgnoreCase).findFirst().orElse(null);
            List<String> missing = new ArrayList<>(NAMES);
            for (Path file : list(languageFolder)) {
                String fileName = file.getFileName().toString();
                if (fileName.startsWith(".")) {
                    continue;
                }
                if (!NAMES.contains(fileName) || !Files.isRegularFile(file)) {
                    throw new TemplateRejectedException(file + " is not a template: a language folder holds "
                            + String.join(", ", NAMES) + ". Nothing was changed.");
                }
                String key = ((known != null) ? known : language) + "/" + fileName;
                this.sources.put(key, read(file));
                this.overrides.put(key, file);
                missing.remove(fileName);
            }
            if (known == null) {
                if (!missing.isEmpty()) {
                    throw new TemplateRejectedException("The templates of " + language + " in " + languageFolder
                            + " lack " + String.join(" and ", missing) + ": a language without built-in messages "
                            + "needs all of " + String.join(", ", NAMES) + ". Nothing was changed.");
                }
                this.languages.add(language);
            }
        }
    }

    private static List<Path> list(Path folder) {
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.sorted().toList();
        }
        catch (IOException ex) {
            throw new TemplateRejectedException("The templates folder " + folder + " cannot be read: " + ex.getMessage()
                    + ". Nothing was changed.");
        }
    }

    private static String read(Path file) {
        try {
            String text = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(Files.readAllBytes(file)))
                .toString();
            return text.startsWith("\uFEFF") ? text.substring(1) : text;
        }
        catch (CharacterCodingException ex) {
            throw new TemplateRejectedException("The template " + file + " is not UTF-8 text: save it as UTF-8. "
                    + "Nothing was changed.");
        }
        catch (IOException ex) {
            throw new TemplateRejectedException("The template " + file + " cannot be read: " + ex.getMessage()
                    + ". Nothing was changed.");
        }
    }

    private static String builtIn(String key) {
        try (InputStream in = MessageTemplates.class.getResourceAsStream(BUILT_IN_FOLDER + key)) {
            if (in == null) {
                throw new IllegalStateException("the built-in template " + key + " is missing from the program");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** The built-in template, as the program carries it (for {@code templates export}). */
    public static String builtInSource(String language, String name) {
        return builtIn(language + "/" + name);
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

    private static Map<String, String> variables() {
        Map<String, String> variables = new LinkedHashMap<>();
        variables.put("displayName", "the user's display name (their account name if there is none)");
        variables.put("userPrincipalName", "the account, as the user signs in with it");
        variables.put("password", "the temporary password: message.txt (as [(${password})], unescaped) and "
                + "message.html must show it whether or not expiresAt and helpdesk are set; subject.txt never");
        variables.put("signInUrl", "where to sign in: the cloud's address, or --sign-in-url");
        variables.put("helpdesk", "whom to contact: --helpdesk, or null (write a default with ${helpdesk} ?: '...')");
        variables.put("expiresAt", "until when the temporary password works, written for the language, or null");
        variables.put("language", "the language tag of the message");
        variables.put("subject", "the rendered subject (message.txt and message.html only)");
        return Collections.unmodifiableMap(variables);
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

    /** Serves the templates from memory, each in the mode its file name calls for. */
    private record SourceResolver(Map<String, String> sources) implements ITemplateResolver {

        @Override
        public String getName() {
            return "bulk-resend templates";
        }

        @Override
        public Integer getOrder() {
            return 1;
        }

        @Override
        public TemplateResolution resolveTemplate(IEngineConfiguration configuration, String ownerTemplate,
                String template, Map<String, Object> templateResolutionAttributes) {
            String source = this.sources.get(template);
            if (source == null) {
                return null;
            }
            TemplateMode mode = template.endsWith(".html") ? TemplateMode.HTML : TemplateMode.TEXT;
            return new TemplateResolution(new StringTemplateResource(source), mode,
                    AlwaysValidCacheEntryValidity.INSTANCE);
        }
    }
}
