package org.bulkresend.config;

import java.util.Locale;
import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;

/**
 * One rule for every setting's environment variable: {@code BULK_RESEND_} and the property
 * path in capitals, dots and dashes as underscores ({@code bulk-resend.passwords.hash-cost} is
 * {@code BULK_RESEND_PASSWORDS_HASH_COST}), matching {@code BULK_RESEND_DATA_DIR}. Spring's
 * own mapping would want {@code BULKRESEND_PASSWORDS_HASHCOST}, which nobody guesses. Command
 * line options still win over the environment.
 */
public class BulkResendEnvironmentVariables implements EnvironmentPostProcessor {

    static final String PREFIX = "bulk-resend.";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        Map<String, Object> variables = environment.getSystemEnvironment();
        PropertySource<Map<String, Object>> source = new PropertySource<>("bulkResendEnvironmentVariables",
                variables) {
            @Override
            public Object getProperty(String name) {
                return name.startsWith(PREFIX) ? getSource().get(variableName(name)) : null;
            }
        };
        if (environment.getPropertySources().contains(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME)) {
            environment.getPropertySources()
                .addAfter(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, source);
        }
        else {
            environment.getPropertySources().addLast(source);
        }
    }

    static String variableName(String property) {
        return "BULK_RESEND_" + property.substring(PREFIX.length()).toUpperCase(Locale.ROOT).replaceAll("[.-]", "_");
    }
}
