package org.bulkresend.input;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class UserKeySetTests {

    @Test
    void remembersTheFirstLineOfEveryUserAcrossGrowth() {
        UserKeySet seen = new UserKeySet();
        for (int i = 0; i < 200_000; i++) {
            assertThat(seen.putIfAbsent("user" + i + "@contoso.example", i + 2)).isEqualTo(-1);
        }
        assertThat(seen.size()).isEqualTo(200_000);
        for (int i = 0; i < 200_000; i += 997) {
            assertThat(seen.putIfAbsent("USER" + i + "@Contoso.Example", 500_000)).as("case-insensitive")
                .isEqualTo(i + 2);
        }
        assertThat(seen.size()).isEqualTo(200_000);
    }
}
