package org.bulkresend.config;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.SpringApplication;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

class BulkResendEnvironmentVariablesTests {

    @ParameterizedTest
    @CsvSource({ "bulk-resend.data-dir, BULK_RESEND_DATA_DIR", "bulk-resend.chunk-size, BULK_RESEND_CHUNK_SIZE",
            "bulk-resend.passwords.hash-cost, BULK_RESEND_PASSWORDS_HASH_COST",
            "bulk-resend.mail.sign-in-url, BULK_RESEND_MAIL_SIGN_IN_URL" })
    void oneNamingRule(String property, String variable) {
        assertThat(BulkResendEnvironmentVariables.variableName(property)).isEqualTo(variable);
    }

    @Test
    void aVariableSetsItsSettingAndAnExplicitPropertyWins() {
        StandardEnvironment environment = new StandardEnvironment() {
            @Override
            public Map<String, Object> getSystemEnvironment() {
                return Map.of("BULK_RESEND_PASSWORDS_HASH_COST", "6", "BULK_RESEND_MAIL_FROM", "a@example.net");
            }
        };
        environment.getPropertySources().addFirst(new MapPropertySource("commandLineArgs",
                Map.of("bulk-resend.mail.from", "b@example.net")));

        new BulkResendEnvironmentVariables().postProcessEnvironment(environment, new SpringApplication());

        assertThat(environment.getProperty("bulk-resend.passwords.hash-cost")).isEqualTo("6");
        assertThat(environment.getProperty("bulk-resend.mail.from")).isEqualTo("b@example.net");
        assertThat(environment.getProperty("bulk-resend.chunk-size")).isNull();
    }
}
