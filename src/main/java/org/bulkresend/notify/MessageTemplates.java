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
 * may add languages. Rendered with Thymeleaf: HTML mode, which escapes every value, for
 * {@code message.html}; text mode for {@code subject.txt} and {@code message.txt}.
 * <p>
 * An override folder is read once, when the run starts; {@link #check()} renders every file of it
 * in every case a run can make before anything changes, so a broken template, or one that loses
 * the password when the run sets no expiry or no helpdesk, stops the run with the file's name
 * instead of failing a message, or sending it without the password, after its user was reset.
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

    /** The files of a language, in the order they are checked. */
    public static final List<String> NAMES = List.of(SUBJECT, TEXT, HTML);

    /** The values every template can use, with what they hold. */
    public static final Map<String, String> VARIABLES = variables();

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
        TemplateCheck check = new TemplateCheck(this::render);
        // The subject first: the message parts show it as ${subject}, so theirs is checked with a good one.
        for (String language : this.languages) {
            for (String name : NAMES) {
                Path file = this.overrides.get(language + "/" + name);
                if (file != null) {
                    check.inEveryCase(language, name, file);
                }
            }
        }
        this.checked = true;
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

    private static Map<String, String> variables() {
        Map<String, String> variables = new LinkedHashMap<>();
        variables.put("displayName", "the user's display name (their account name if there is none)");
        variables.put("userPrincipalName", "the account, as the user signs in with it");
        variables.put("password", "the temporary password: message.txt (as [(${password})], unescaped) and "
                + "message.html must show it whether or not expiresAt and helpdesk are set; subject.txt never");
        variables.put("signInUrl", "where to sign in: the cloud's address, or --sign-in-url");
        variables.put("helpdesk", "whom to contact: --helpdesk, or null (write a default with ${helpdesk} ?: '...')");
        variables.put("organization", "who signs the message: --organization, or null (write a default with "
                + "${organization} ?: '...')");
        variables.put("expiresAt", "until when the temporary password works, written for the language, or null");
        variables.put("language", "the language tag of the message");
        variables.put("subject", "the rendered subject (message.txt and message.html only)");
        return Collections.unmodifiableMap(variables);
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
