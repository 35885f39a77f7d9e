package org.bulkresend.notify;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Reads language tags as people and Microsoft's exports write them ({@code it-IT}, {@code sv_SE},
 * {@code zh-Hant-TW}, {@code ja}) and finds the messages that serve each: a regional tag is served
 * by its language ({@code fr-CA} by {@code fr}); Chinese is served only in its own script
 * ({@code zh-TW}, {@code zh-HK} and {@code zh-Hant} by Traditional Chinese, never plain {@code zh},
 * which usually means Simplified).
 */
public final class Languages {

    private static final Set<String> TRADITIONAL_REGIONS = Set.of("TW", "HK", "MO");

    private static final Set<String> SIMPLIFIED_REGIONS = Set.of("CN", "SG", "MY");

    private Languages() {
    }

    /** The tag as a locale, or empty if it is not a language tag at all. */
    public static Optional<Locale> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String tag = text.strip().replace('_', '-');
        if (!tag.matches("[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*")) {
            return Optional.empty();
        }
        Locale locale = Locale.forLanguageTag(tag);
        return locale.getLanguage().isEmpty() ? Optional.empty() : Optional.of(locale);
    }

    /** The best of the available languages for this tag: the same tag, else one of its family. */
    public static Optional<String> match(String text, Collection<String> available) {
        Optional<Locale> wanted = parse(text);
        if (wanted.isEmpty()) {
            return Optional.empty();
        }
        String tag = wanted.get().toLanguageTag();
        for (String candidate : available) {
            if (candidate.equalsIgnoreCase(tag)) {
                return Optional.of(candidate);
            }
        }
        String family = family(wanted.get());
        for (String candidate : available) {
            if (parse(candidate).map(Languages::family).filter(family::equals).isPresent()) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** What a reader of this locale can read: its language, and for Chinese its script. */
    static String family(Locale locale) {
        String language = locale.getLanguage();
        if (!language.equals("zh")) {
            return language;
        }
        if (locale.getScript().equals("Hant") || (locale.getScript().isEmpty()
                && TRADITIONAL_REGIONS.contains(locale.getCountry()))) {
            return "zh-Hant";
        }
        if (locale.getScript().equals("Hans") || SIMPLIFIED_REGIONS.contains(locale.getCountry())) {
            return "zh-Hans";
        }
        return "zh";
    }
}
