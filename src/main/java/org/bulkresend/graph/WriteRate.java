package org.bulkresend.graph;

import java.time.Duration;

/**
 * The pace of a run's writes to Microsoft Graph (password resets, passes issued), shared by all of
 * them: a bucket that fills at {@code perSecond} and holds a second's worth, so a run keeps to
 * Graph's write quota (about 3,000 writes in 150 seconds for an app in a tenant, 20 a second) on
 * average and never sends more than a second's worth at once. Lower it with
 * {@code --graph-write-rate} when other apps of the tenant write too: the tenant's own quota
 * (18,000 writes in 5 minutes) is shared by all of them.
 */
public final class WriteRate {

    /** Graph's documented write quota for one app in one tenant: 3,000 writes in 150 seconds. */
    public static final double GRAPH_QUOTA_PER_SECOND = 3_000 / 150.0;

    private final double perSecond;

    private final double capacity;

    private final GraphClient.Sleeper sleeper;

    private final java.util.function.LongSupplier nanos;

    private double available;

    private long updated;

    /** A limiter at this many writes a second, on the real clock. */
    public WriteRate(double perSecond) {
        this(perSecond, (duration) -> Thread.sleep(duration.toMillis(), duration.toNanosPart() % 1_000_000),
                System::nanoTime);
    }

    WriteRate(double perSecond, GraphClient.Sleeper sleeper, java.util.function.LongSupplier nanos) {
        if (!(perSecond > 0)) {
            throw new IllegalArgumentException("a write rate must be above 0, was " + perSecond);
        }
        this.perSecond = perSecond;
        this.capacity = Math.max(1, perSecond);
        this.sleeper = sleeper;
        this.nanos = nanos;
        this.available = this.capacity;
        this.updated = nanos.getAsLong();
    }

    public double perSecond() {
        return this.perSecond;
    }

    /**
     * Waits until {@code writes} more may go, then counts them as gone. A request of more than the
     * bucket holds waits for the whole bucket and then for the rest.
     */
    public void acquire(int writes) throws InterruptedException {
        double wanted = writes;
        while (wanted > 0) {
            Duration wait;
            synchronized (this) {
                refill();
                double take = Math.min(wanted, Math.min(this.available, this.capacity));
                if (take >= Math.min(wanted, this.capacity) && take > 0) {
                    this.available -= take;
                    wanted -= take;
                    continue;
                }
                double missing = Math.min(wanted, this.capacity) - this.available;
                wait = Duration.ofNanos((long) Math.ceil(missing / this.perSecond * 1e9));
            }
            this.sleeper.sleep(wait);
        }
    }

    private void refill() {
        long now = this.nanos.getAsLong();
        this.available = Math.min(this.capacity, this.available + (now - this.updated) / 1e9 * this.perSecond);
        this.updated = now;
    }

    @Override
    public String toString() {
        return ((this.perSecond == Math.rint(this.perSecond)) ? String.valueOf((long) this.perSecond)
                : String.valueOf(this.perSecond)) + " writes/s";
    }
}
