package org.bulkresend.password;

import java.util.Map;

import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.DelegatingPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.crypto.password.Pbkdf2PasswordEncoder;

/**
 * The embedded directory's password hashes: a delegating encoder, so every stored hash names
 * its algorithm ({@code {bcrypt}...}) and a later change of algorithm or cost still verifies
 * the hashes already stored.
 */
public final class PasswordHashing {

    public static final int DEFAULT_BCRYPT_COST = 10;

    private PasswordHashing() {
    }

    public static PasswordEncoder encoder(int bcryptCost) {
        if (bcryptCost < 4 || bcryptCost > 31) {
            throw new IllegalArgumentException("bcrypt cost must be between 4 and 31, was " + bcryptCost);
        }
        return new DelegatingPasswordEncoder("bcrypt",
                Map.of("bcrypt", new BCryptPasswordEncoder(bcryptCost), "pbkdf2",
                        Pbkdf2PasswordEncoder.defaultsForSpringSecurity_v5_8()));
    }
}
