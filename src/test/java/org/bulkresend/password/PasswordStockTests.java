package org.bulkresend.password;

import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

import org.springframework.security.crypto.password.PasswordEncoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class PasswordStockTests {

    static final PasswordEncoder ENCODER = PasswordHashing.encoder(4);

    @Test
    void everyPasswordComesWithItsOwnHashGivenOnce() {
        try (PasswordStock stock = new PasswordStock(new PasswordGenerator(16), ENCODER, 8, 2)) {
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < 40; i++) {
                Secret password = stock.take();
                assertThat(PasswordPolicy.violation(password)).isEmpty();
                assertThat(seen.add(password.reveal())).as("never the same password twice").isTrue();
                String hash = stock.hashOf(password);
                assertThat(ENCODER.matches(password.reveal(), hash)).isTrue();
                assertThat(stock.hashOf(password)).as("given once").isNull();
            }
            assertThat(stock.hashOf(Secret.of("Not-From-The-Stock-1"))).isNull();
        }
    }

    @Test
    void aStockThatCannotHashFailsTheChunkInsteadOfHangingIt() {
        PasswordEncoder broken = new PasswordEncoder() {

            @Override
            public String encode(CharSequence rawPassword) {
                throw new IllegalStateException("no entropy");
            }

            @Override
            public boolean matches(CharSequence rawPassword, String encodedPassword) {
                return false;
            }
        };
        try (PasswordStock stock = new PasswordStock(new PasswordGenerator(16), broken, 8, 2)) {
            assertThatIllegalStateException().isThrownBy(stock::take)
                .withMessage("no new password could be made: IllegalStateException");
        }
    }
}
