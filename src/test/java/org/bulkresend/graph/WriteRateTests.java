package org.bulkresend.graph;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** The run's writes keep to the rate on a clock the test moves: a second's worth at once, then the rate. */
class WriteRateTests {

    long now = 0;

    final List<Duration> waits = new ArrayList<>();

    WriteRate rate(double perSecond) {
        return new WriteRate(perSecond, (duration) -> {
            this.waits.add(duration);
            this.now += duration.toNanos();
        }, () -> this.now);
    }

    @Test
    void aSecondsWorthGoesAtOnceAndTheRestAtTheRate() throws Exception {
        WriteRate rate = rate(20);

        rate.acquire(20);
        assertThat(this.waits).as("the bucket starts full").isEmpty();

        rate.acquire(20);
        rate.acquire(20);
        assertThat(this.now).as("40 more writes at 20 a second").isEqualTo(Duration.ofSeconds(2).toNanos());
    }

    @Test
    void timeSpentElsewhereFillsTheBucketUpToASecondsWorth() throws Exception {
        WriteRate rate = rate(20);
        rate.acquire(20);

        this.now += Duration.ofSeconds(30).toNanos(); // looking users up, sending mail
        rate.acquire(20);
        assertThat(this.waits).isEmpty();
        rate.acquire(1);
        assertThat(this.waits).singleElement().isEqualTo(Duration.ofMillis(50));
    }

    @Test
    void aRequestLargerThanTheBucketWaitsForItInParts() throws Exception {
        WriteRate rate = rate(5);

        rate.acquire(20);

        assertThat(this.now).as("5 at once, 15 at 5 a second").isEqualTo(Duration.ofSeconds(3).toNanos());
    }

    @Test
    void aRateBelowOneASecondStillLetsOneWriteGo() throws Exception {
        WriteRate rate = rate(0.5);

        rate.acquire(1);
        rate.acquire(1);

        assertThat(this.now).isEqualTo(Duration.ofSeconds(2).toNanos());
        assertThatIllegalArgumentException().isThrownBy(() -> rate(0));
        assertThat(rate(20)).hasToString("20 writes/s");
    }
}
