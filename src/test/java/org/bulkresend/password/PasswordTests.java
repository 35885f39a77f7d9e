package org.bulkresend.password;

import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class PasswordTests {

    @Nested
    class Generator {

        @Test
        void everyPasswordMeetsThePolicyHasAllFourClassesAndNoLookAlikes() {
            PasswordGenerator generator = new PasswordGenerator(16);
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < 2000; i++) {
                String password = generator.generate().reveal();
                assertThat(password).hasSize(16).doesNotContainAnyWhitespaces();
                assertThat(password.chars().anyMatch((c) -> PasswordGenerator.LOWER.indexOf(c) >= 0)).isTrue();
                assertThat(password.chars().anyMatch((c) -> PasswordGenerator.UPPER.indexOf(c) >= 0)).isTrue();
                assertThat(password.chars().anyMatch((c) -> PasswordGenerator.DIGITS.indexOf(c) >= 0)).isTrue();
                assertThat(password.chars().anyMatch((c) -> PasswordGenerator.SYMBOLS.indexOf(c) >= 0)).isTrue();
                assertThat(password).doesNotContain("O", "0", "l", "1", "I", "o", "\"", "'", "\\");
                assertThat(PasswordPolicy.violation(Secret.of(password))).isEmpty();
                seen.add(password);
            }
            assertThat(seen).hasSize(2000);
        }

        @Test
        void lengthIsConfigurableWithinSaneBounds() {
            assertThat(new PasswordGenerator(40).generate().length()).isEqualTo(40);
            assertThatIllegalArgumentException().isThrownBy(() -> new PasswordGenerator(8))
                .withMessageContaining("between 12 and 256");
            assertThatIllegalArgumentException().isThrownBy(() -> new PasswordGenerator(257));
        }
    }

    @Nested
    class Policy {

        @ParameterizedTest
        @CsvSource(delimiter = '|', value = { "Abcdefg1|", "abcdefg1!|", "ABCDEFG1!|", "Abc def 1|",
                "Short1!|must be 8 to 256 characters long, has 7", "abcdefgh1|must contain at least 3 of",
                "ABCDEFGHI|must contain at least 3 of", "Abcdefg1é|does not accept (position 9)" })
        void entraRules(String password, String violation) {
            if (violation == null) {
                assertThat(PasswordPolicy.violation(Secret.of(password))).isEmpty();
            }
            else {
                assertThat(PasswordPolicy.violation(Secret.of(password))).hasValueSatisfying(
                        (reason) -> assertThat(reason).contains(violation).doesNotContain(password));
            }
        }

        @Test
        void twoHundredFiftySevenIsTooLong() {
            assertThat(PasswordPolicy.violation(Secret.of("Aa1!".repeat(64) + "x"))).isPresent();
            assertThat(PasswordPolicy.violation(Secret.of("Aa1!".repeat(64)))).isEmpty();
        }
    }

    @Nested
    class Secrets {

        @Test
        void neverRendersItself() {
            Secret secret = Secret.of("Correct-Horse-9");
            assertThat(secret).hasToString("[secret]");
            assertThat(String.valueOf(secret)).doesNotContain("Horse");
            assertThat(secret.reveal()).isEqualTo("Correct-Horse-9");
        }

        @Test
        void isGoneOnceDestroyed() {
            Secret secret = Secret.of("Correct-Horse-9");
            secret.destroy();
            assertThatIllegalStateException().isThrownBy(secret::reveal);
        }

        @Test
        void hashesNameTheirAlgorithmAndVerify() {
            var encoder = PasswordHashing.encoder(4);
            String hash = encoder.encode("Correct-Horse-9");
            assertThat(hash).startsWith("{bcrypt}$2a$04$").doesNotContain("Horse");
            assertThat(encoder.matches("Correct-Horse-9", hash)).isTrue();
            assertThat(encoder.matches("correct-horse-9", hash)).isFalse();
            assertThat(PasswordHashing.encoder(10).matches("Correct-Horse-9", hash)).as("cost change keeps old hashes")
                .isTrue();
        }
    }
}
