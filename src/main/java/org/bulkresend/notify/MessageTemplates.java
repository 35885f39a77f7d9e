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
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.bulkresend.credential.CredentialKind;
import org.thymeleaf.IEngineConfiguration;
import org.thymeleaf.TemplateEngine;
import org.thymeleaf.cache.AlwaysValidCacheEntryValidity;
import org.thymeleaf.context.Context;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.templateresolver.ITemplateResolver;
import org.thymeleaf.templateresolver.TemplateResolution;
import org.thymeleaf.templateresource.StringTemplateResource;

/**
 * The message templates of every language: the built-in ones, written natively for each
 * language, and the admin's own from {@code --templates DIR}, which replace them file by file and
 * may add languages. Each language has a message for each kind of credential: a temporary
 * password ({@code subject.txt}, {@code message.txt}, {@code message.html}) and a Temporary
 * Access Pass ({@code tap-subject.txt}, {@code tap-message.txt}, {@code tap-message.html}), which
 * says other things (when the pass works, where to set up a sign-in method, that the password did
 * not change). Rendered with Thymeleaf: HTML mode, which escapes every value, for the
 * {@code .html} files; text mode for the {@code .txt} ones.
 * <p>
 * An override folder is read once, when the run starts; {@link #check(CredentialKind)} renders
 * every file of it in every case a run can make before anything changes, so a broken template, or
 * one that loses the credential when the run sets no expiry or no helpdesk, stops the run with the
 * file's name instead of failing a message, or sending it without the credential, after its user
 * was reset.
 * <p>
 * Checking a template in every case lives in {@link TemplateCheck}; this class loads the
 * templates (built-in, then the admin's folder) and renders them.
 */
public class MessageTemplates {

    /** The languages with built-in messages. */
    public static final List<String> BUILT_IN = List.of("en", "it", "sv", "fr", "zh-TW", "ja");

    public static final String SUBJECT = "subject.txt";

    public static final String TEXT = "message.txt";

    public static final String HTML = "message.html";

    public static final String TAP_SUBJECT = "tap-subject.txt";

    public static final String TAP_TEXT = "tap-message.txt";

    public static final String TAP_HTML = "tap-message.html";

    /** The files of a language's password message, in the order they are checked. */
    public static final List<String> NAMES = List.of(SUBJECT, TEXT, HTML);

    /** The files of a language's Temporary Access Pass message, in the order they are checked. */
    public static final List<String> TAP_NAMES = List.of(TAP_SUBJECT, TAP_TEXT, TAP_HTML);

    /** Every file a language folder may hold: the password message's, then the pass message's. */
    public static final List<String> ALL_NAMES = List.of(SUBJECT, TEXT, HTML, TAP_SUBJECT, TAP_TEXT, TAP_HTML);

    /** The values the templates can use, with what they hold and which files they apply to. */
    public static final Map<String, String> VARIABLES = variables();

    private static final String BUILT_IN_FOLDER = "/org/bulkresend/notify/templates/";

    /** "language/name" to the template's text; the admin's files replace the built-in ones. */
    private final Map<String, String> sources = new LinkedHashMap<>();

    /** "language/name" to the admin's file, for each template that comes from --templates. */
    private final Map<String, Path> overrides = new TreeMap<>();

    /**
     * The languages the admin added without every Temporary Access Pass file, to their folder and
     * the files they lack: such a language serves password runs, and {@link #check(CredentialKind)}
     * refuses it for a run that gives passes.
     */
    private final Map<String, MissingFiles> withoutPassMessage = new LinkedHashMap<>();

    private final List<String> languages = new ArrayList<>(BUILT_IN);

    private final String defaultLanguage;

    private final Path folder;

    private final TemplateEngine engine = new TemplateEngine();

    private String problem;

    /** True once every override file rendered in every case. */
    private boolean checked;

    /**
     * @param folder the admin's templates, or null for the built-in ones only
     * @param defaultLanguage the language of users whose own language has no messages
     */
    public MessageTemplates(Path folder, String defaultLanguage) {
        this.folder = folder;
        for (String language : BUILT_IN) {
            for (String name : ALL_NAMES) {
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
     * Checks the admin's folder for a run that gives temporary passwords: as
     * {@link #check(CredentialKind)} with {@link CredentialKind#PASSWORD}.
     */
    public void check() {
        check(CredentialKind.PASSWORD);
    }

    /**
     * Renders every template of the admin's folder, the password and the Temporary Access Pass
     * ones alike, once for each case a run can make (every optional value there or left out), each
     * time with a new sample credential, and throws {@link TemplateRejectedException} naming the
     * first file that fails and the cases it fails in. Each case must render; the text part must
     * show the credential as it is, the HTML part must show it (escaped, as HTML is); the subject
     * must be one line, not empty, without the credential. The subject is the only header a
     * template writes, so no header can carry it. Every file is checked whatever the run gives, so
     * the same folder works for every run.
     * <p>
     * For a run that gives passes ({@link CredentialKind#TAP}), a language the admin added must
     * also have every pass file: its users would otherwise be given a pass that no message can tell.
     */
    public void check(CredentialKind kind) {
        if (this.problem != null) {
            throw new TemplateRejectedException(this.problem);
        }
        if (kind == CredentialKind.TAP && !this.withoutPassMessage.isEmpty()) {
            String language = this.withoutPassMessage.keySet().iterator().next();
            MissingFiles missing = this.withoutPassMessage.get(language);
            throw new TemplateRejectedException("The templates of " + language + " in " + missing.folder() + " lack "
                    + String.join(" and ", missing.names()) + ": a run that gives Temporary Access Passes needs all "
                    + "of " + String.join(", ", TAP_NAMES) + " for each language without built-in messages. "
                    + "Nothing was changed.");
        }
        if (this.checked) {
            return;
        }
        TemplateCheck check = new TemplateCheck(this::render, this.sources::containsKey);
        // The subject first: the message parts show it as ${subject}, so theirs is checked with a good one.
        for (String language : this.languages) {
            for (String name : ALL_NAMES) {
                Path file = this.overrides.get(language + "/" + name);
                if (file != null) {
                    check.inEveryCase(language, name, file);
                }
            }
        }
        this.checked = true;
    }

    /**
     * The languages the admin added without every Temporary Access Pass file, to the files they
     * lack: a run that gives passes refuses them.
     */
    public Map<String, List<String>> languagesWithoutPassMessage() {
        Map<String, List<String>> languages = new LinkedHashMap<>();
        this.withoutPassMessage.forEach((language, missing) -> languages.put(language, missing.names()));
        return Collections.unmodifiableMap(languages);
    }

    /** Renders one template of a language: one of {@link #ALL_NAMES}. */
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
            List<String> missingPass = new ArrayList<>(TAP_NAMES);
            for (Path file : list(languageFolder)) {
                String fileName = file.getFileName().toString();
                if (fileName.startsWith(".")) {
                    continue;
                }
                if (!ALL_NAMES.contains(fileName) || !Files.isRegularFile(file)) {
                    throw new TemplateRejectedException(file + " is not a template: a language folder holds "
                            + String.join(", ", ALL_NAMES) + ". Nothing was changed.");
                }
                String key = ((known != null) ? known : language) + "/" + fileName;
                this.sources.put(key, read(file));
                this.overrides.put(key, file);
                missing.remove(fileName);
                missingPass.remove(fileName);
            }
            if (known == null) {
                if (!missing.isEmpty()) {
                    throw new TemplateRejectedException("The templates of " + language + " in " + languageFolder
                            + " lack " + String.join(" and ", missing) + ": a language without built-in messages "
                            + "needs all of " + String.join(", ", NAMES) + ". Nothing was changed.");
                }
                this.languages.add(language);
                if (!missingPass.isEmpty()) {
                    this.withoutPassMessage.put(language, new MissingFiles(languageFolder, List.copyOf(missingPass)));
                }
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

    private static Map<String, String> variables() {
        Map<String, String> variables = new LinkedHashMap<>();
        variables.put("displayName", "the user's display name (their account name if there is none)");
        variables.put("userPrincipalName", "the account, as the user signs in with it");
        variables.put("password", "the temporary password (password files only): message.txt (as [(${password})], "
                + "unescaped) and message.html must show it whether or not expiresAt and helpdesk are set; "
                + "subject.txt never");
        variables.put("pass", "the Temporary Access Pass (tap- files only): tap-message.txt (as [(${pass})], "
                + "unescaped) and tap-message.html must show it in every case; tap-subject.txt never");
        variables.put("signInUrl", "where to sign in (password files only): the cloud's address, or --sign-in-url");
        variables.put("securityInfoUrl", "where the user signs in with the pass and sets up Microsoft Authenticator "
                + "or a passkey (tap- files only): the cloud's My Security Info, or --security-info-url");
        variables.put("helpdesk", "whom to contact: --helpdesk, or null (write a default with ${helpdesk} ?: '...')");
        variables.put("organization", "who signs the message: --organization, or null (write a default with "
                + "${organization} ?: '...')");
        variables.put("expiresAt", "until when the credential works, written for the language: for a temporary "
                + "password, or null; for a pass, always");
        variables.put("startsAt", "when the pass starts to work, written for the language, or null when it works "
                + "as soon as the message is sent (tap- files only)");
        variables.put("usableOnce", "true if one sign-in uses the pass up, else false (tap- files only)");
        variables.put("language", "the language tag of the message");
        variables.put("subject", "the rendered subject (message and tap-message files only)");
        return Collections.unmodifiableMap(variables);
    }

    /** A language folder and the Temporary Access Pass files it lacks. */
    private record MissingFiles(Path folder, List<String> names) {
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
