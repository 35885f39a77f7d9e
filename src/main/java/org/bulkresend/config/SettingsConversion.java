package org.bulkresend.config;

import java.beans.PropertyEditorSupport;
import java.time.ZoneId;
import java.util.Locale;
import java.util.Map;

import org.bulkresend.notify.MailRoute;
import org.bulkresend.notify.SendRate;
import org.bulkresend.report.CsvDelimiter;
import org.bulkresend.settings.DirectoryKind;
import org.bulkresend.tenant.Cloud;
import org.bulkresend.zone.TimeZones;

import org.springframework.beans.factory.config.CustomEditorConfigurer;
import org.springframework.boot.context.properties.ConfigurationPropertiesBinding;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.convert.converter.Converter;

/**
 * How the named settings (and the sending rate) are read when the settings are bound, once: the names the command line
 * and the environment variables use ({@code graph}, {@code usgov-dod}, {@code outbox}), each
 * refused with the names it accepts. The settings records then hold the types, not strings.
 */
@Configuration(proxyBeanMethods = false)
class SettingsConversion {

    @Bean
    @ConfigurationPropertiesBinding
    static CloudSetting cloudSetting() {
        return new CloudSetting();
    }

    @Bean
    @ConfigurationPropertiesBinding
    static DirectorySetting directorySetting() {
        return new DirectorySetting();
    }

    @Bean
    @ConfigurationPropertiesBinding
    static MailRouteSetting mailRouteSetting() {
        return new MailRouteSetting();
    }

    @Bean
    @ConfigurationPropertiesBinding
    static SendRateSetting sendRateSetting() {
        return new SendRateSetting();
    }

    @Bean
    @ConfigurationPropertiesBinding
    static CsvDelimiterSetting csvDelimiterSetting() {
        return new CsvDelimiterSetting();
    }

    /**
     * Time zones are read by an editor, not a converter: the binder asks the editor a type has
     * first, and Spring's own one for {@link ZoneId} knows no Windows names.
     */
    @Bean
    static CustomEditorConfigurer timeZoneSetting() {
        CustomEditorConfigurer configurer = new CustomEditorConfigurer();
        configurer.setCustomEditors(Map.of(ZoneId.class, TimeZoneSetting.class));
        return configurer;
    }

    /** Europe/Rome, W. Europe Standard Time, UTC or +01:00; blank for the machine's. */
    static final class TimeZoneSetting extends PropertyEditorSupport {

        @Override
        public void setAsText(String text) {
            if (text == null || text.isBlank()) {
                setValue(null);
                return;
            }
            setValue(TimeZones.parse(text).orElseThrow(() -> new IllegalArgumentException(
                    "'" + text.strip() + "' is not a time zone; give " + TimeZones.EXAMPLES)));
        }
    }

    /** , ; or tab. */
    static final class CsvDelimiterSetting implements Converter<String, CsvDelimiter> {

        @Override
        public CsvDelimiter convert(String text) {
            return CsvDelimiter.parse(text);
        }
    }

    /** 30/min, 1/s, 500/h; blank for none. */
    static final class SendRateSetting implements Converter<String, SendRate> {

        @Override
        public SendRate convert(String text) {
            return text.isBlank() ? null : SendRate.parse(text);
        }
    }

    /** worldwide, 21vianet, germany, usgov or usgov-dod. */
    static final class CloudSetting implements Converter<String, Cloud> {

        @Override
        public Cloud convert(String text) {
            return Cloud.parse(text);
        }
    }

    /** embedded, graph or ad. */
    static final class DirectorySetting implements Converter<String, DirectoryKind> {

        @Override
        public DirectoryKind convert(String text) {
            return DirectoryKind.parse(text);
        }
    }

    /** smtp, graph or outbox; blank for none. */
    static final class MailRouteSetting implements Converter<String, MailRoute.Kind> {

        @Override
        public MailRoute.Kind convert(String text) {
            if (text.isBlank()) {
                return null;
            }
            for (MailRoute.Kind kind : MailRoute.Kind.values()) {
                if (kind.name().equalsIgnoreCase(text.strip())) {
                    return kind;
                }
            }
            throw new IllegalArgumentException("mail must go via smtp, graph or outbox, was '"
                    + text.strip().toLowerCase(Locale.ROOT) + "'");
        }
    }
}
