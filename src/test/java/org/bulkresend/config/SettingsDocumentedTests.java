package org.bulkresend.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.bulkresend.settings.BulkResendProperties;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An admin finds every setting, and every environment variable bulk-resend reads or tells them to
 * set, in docs/reference.md: a setting added to {@link BulkResendProperties} (or read on its own with
 * {@code @Value}) or a variable named in the code fails here until the reference has it.
 */
class SettingsDocumentedTests {

    static final Path REFERENCE = Path.of("docs", "reference.md");

    private static final Pattern SETTING_READ_ALONE = Pattern.compile("\\$\\{(bulk-resend\\.[a-z0-9.-]*[a-z0-9])");

    private static final Pattern VARIABLE = Pattern.compile("\\b(?:BULK_RESEND|SPRING_MAIL)_[A-Z0-9_]*[A-Z0-9]\\b");

    @Test
    void everySettingIsInTheReferenceWithItsEnvironmentVariable() {
        Set<String> settings = settings();
        String reference = read(REFERENCE);

        assertThat(settings).contains("bulk-resend.data-dir", "bulk-resend.data-dir-min-free",
                "bulk-resend.mail.retry.max-delay", "bulk-resend.passwords.hash-cost", "bulk-resend.graph.client-secret");
        List<String> missing = settings.stream()
            .filter((setting) -> !reference.contains("`" + setting + "`")
                    || !reference.contains("`" + BulkResendEnvironmentVariables.variableName(setting) + "`"))
            .toList();
        assertThat(missing).as("settings without their row (the setting and its environment variable) in "
                + REFERENCE + ", section \"Settings and environment variables\"").isEmpty();
    }

    @Test
    void everyEnvironmentVariableTheProductNamesIsInTheReference() {
        Set<String> variables = new TreeSet<>();
        for (Path file : productFiles()) {
            Matcher matcher = VARIABLE.matcher(read(file));
            while (matcher.find()) {
                variables.add(matcher.group());
            }
        }
        String reference = read(REFERENCE);

        assertThat(variables).contains("BULK_RESEND_OPERATOR_PASSWORD", "BULK_RESEND_HOME", "SPRING_MAIL_PASSWORD");
        assertThat(variables.stream().filter((variable) -> !reference.contains("`" + variable + "`")).toList())
            .as("environment variables named in src/main or run.sh but not in " + REFERENCE)
            .isEmpty();
    }

    /** Every bulk-resend.* setting: the properties record tree, and the few read on their own. */
    static Set<String> settings() {
        Set<String> settings = new TreeSet<>();
        addComponents(BulkResendProperties.class, "bulk-resend", settings);
        for (Path file : productFiles()) {
            Matcher matcher = SETTING_READ_ALONE.matcher(read(file));
            while (matcher.find()) {
                settings.add(matcher.group(1));
            }
        }
        return settings;
    }

    private static void addComponents(Class<?> record, String prefix, Set<String> into) {
        for (RecordComponent component : record.getRecordComponents()) {
            String name = prefix + "." + component.getName().replaceAll("([a-z0-9])([A-Z])", "$1-$2")
                .toLowerCase(Locale.ROOT);
            // A group of settings is a record of the settings tree (nested, or of the settings package); a value
            // such as a SendRate is one setting.
            if (component.getType().isRecord() && (component.getType().getEnclosingClass() == BulkResendProperties.class
                    || component.getType().getPackage() == BulkResendProperties.class.getPackage())) {
                addComponents(component.getType(), name, into);
            }
            else {
                into.add(name);
            }
        }
    }

    private static List<Path> productFiles() {
        try (Stream<Path> main = Files.walk(Path.of("src", "main"))) {
            return Stream.concat(main.filter(Files::isRegularFile), Stream.of(Path.of("run.sh"))).toList();
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }
}
