package org.bulkresend.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.bulkresend.credential.CredentialKind;
import org.bulkresend.notify.Languages;
import org.bulkresend.notify.MessageTemplates;
import org.bulkresend.notify.TemplateRejectedException;
import org.slf4j.LoggerFactory;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Your own message templates: a copy of the built-in ones to start from, and a check. Needs no database. */
@Command(name = "templates", mixinStandardHelpOptions = true,
        description = { "Your own message templates, for run --templates DIR.",
                "A templates folder has a folder per language (en, it, sv, fr, zh-TW, ja, or another language tag), "
                        + "each with any of subject.txt, message.txt (Thymeleaf text mode) and message.html "
                        + "(Thymeleaf HTML mode, which escapes every value), the message with a temporary password, "
                        + "and tap-subject.txt, tap-message.txt and tap-message.html, the message with a Temporary "
                        + "Access Pass. A file replaces the built-in one of its language; a new language needs the "
                        + "three password files, and the three tap- files too for a run that gives passes." },
        subcommands = { TemplatesCommand.Export.class, TemplatesCommand.Check.class })
class TemplatesCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    /** Without export or check, as {@code directory} without a subcommand: a usage error naming them, exit code 2. */
    @Override
    public Integer call() {
        throw UsageErrors.missingCommand(this.spec);
    }

    @Command(name = "export", mixinStandardHelpOptions = true,
            description = { "Write the built-in templates of every language into DIR, to edit. Writes nothing if any "
                    + "of the files is already there." })
    static class Export implements Callable<Integer> {

        @Parameters(paramLabel = "DIR", description = "The folder to write into (created if missing).")
        Path folder;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            for (String language : MessageTemplates.BUILT_IN) {
                for (String name : MessageTemplates.ALL_NAMES) {
                    Path file = this.folder.resolve(language).resolve(name);
                    if (Files.exists(file)) {
                        throw new UsageException(file + " is already there; nothing was written. Export into an "
                                + "empty folder.");
                    }
                }
            }
            for (String language : MessageTemplates.BUILT_IN) {
                Path languageFolder = Files.createDirectories(this.folder.resolve(language));
                for (String name : MessageTemplates.ALL_NAMES) {
                    Files.writeString(languageFolder.resolve(name), MessageTemplates.builtInSource(language, name),
                            StandardCharsets.UTF_8);
                }
            }
            PrintWriter out = this.spec.commandLine().getOut();
            out.println("Wrote the templates of " + String.join(", ", MessageTemplates.BUILT_IN) + " to "
                    + this.folder.toAbsolutePath().normalize() + ".");
            out.println("Keep only the files you change; the others are used as built in. The values a template can "
                    + "use:");
            MessageTemplates.VARIABLES.forEach((name, meaning) -> out.printf("  ${%s}  %s%n", name, meaning));
            out.println("Then: templates check DIR, and run ... --templates DIR.");
            return ExitCodes.OK;
        }
    }

    @Command(name = "check", mixinStandardHelpOptions = true,
            description = { "Render every template in DIR as a run does before it starts, once for each case a run "
                    + "can make (with and without an expiry, with and without a helpdesk), each time with a new "
                    + "sample password: each must render; message.txt and message.html must show $${password} in "
                    + "every case (message.txt as [($${password})], unescaped); subject.txt must give one line, "
                    + "without it.",
                    "The tap- files likewise, with a sample pass, in every case a run that gives passes can make "
                            + "(with and without a start time, one-time or not, with and without a helpdesk): "
                            + "tap-message.txt and tap-message.html must show $${pass} (tap-message.txt as "
                            + "[($${pass})]); tap-subject.txt must not." })
    static class Check implements Callable<Integer> {

        @Parameters(paramLabel = "DIR", description = "The templates folder.")
        Path folder;

        @Option(names = "--default-locale", paramLabel = "LANGUAGE", defaultValue = "en",
                description = "As for run: must be one of the languages. Default: ${DEFAULT-VALUE}.")
        String defaultLocale;

        @Option(names = "--credential", paramLabel = "KIND", defaultValue = "password",
                description = "As for run: password, or tap (Temporary Access Pass), which also needs the tap- files "
                        + "in each language you add. Default: ${DEFAULT-VALUE}.")
        String credential;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            if (Languages.parse(this.defaultLocale).isEmpty()) {
                throw new UsageException("--default-locale: '" + this.defaultLocale + "' is not a language tag.");
            }
            CredentialKind kind;
            try {
                kind = CredentialKind.parse(this.credential);
            }
            catch (IllegalArgumentException ex) {
                throw new UsageException("--credential: " + ex.getMessage() + ".");
            }
            MessageTemplates templates = new MessageTemplates(this.folder.toAbsolutePath().normalize(),
                    this.defaultLocale);
            // No Spring here, so logging has its defaults: Thymeleaf would print its own report of a
            // template that fails, stack trace and all, before the refusal. A run turns it off too.
            if (LoggerFactory.getLogger("org.thymeleaf") instanceof Logger thymeleaf) {
                thymeleaf.setLevel(Level.OFF);
            }
            try {
                templates.check(kind);
            }
            catch (TemplateRejectedException ex) {
                throw new UsageException(ex.getMessage());
            }
            PrintWriter out = this.spec.commandLine().getOut();
            out.println("Languages: " + String.join(" ", templates.languages()) + " (default "
                    + templates.defaultLanguage() + ")");
            Map<String, Path> overrides = new TreeMap<>(templates.overrides());
            out.println("Your templates (" + overrides.size() + "), each rendered with sample values:");
            overrides.forEach((key, file) -> out.println("  " + key + "  <- " + file));
            out.println("Each in every case: with and without an expiry, with and without a helpdesk; the tap- files "
                    + "with and without a start time, one-time or not, with and without a helpdesk.");
            out.println("Every other template is the built-in one.");
            templates.languagesWithoutPassMessage().forEach((language, missing) -> out.println(language
                    + " has no " + String.join(", ", missing) + ": a run with --credential tap refuses it."));
            return ExitCodes.OK;
        }
    }
}
