package org.bulkresend.password;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * New passwords, generated and hashed ahead of need on every core. A chunk's messages go out over
 * the network one after another while the cores would otherwise wait; with a stock, the next
 * chunk's passwords are hashed meanwhile, so hashing and sending overlap. A password is bound to
 * nobody until a chunk takes it, and the directory stores it only when it resets that user, so
 * the order of a chunk's steps, and every crash guarantee, stays exactly as without a stock.
 * The stock is small (a few chunks), lives only in memory, and starts with the first password
 * taken.
 */
public final class PasswordStock implements AutoCloseable {

    private final PasswordGenerator generator;

    private final PasswordEncoder encoder;

    private final int threads;

    private final BlockingQueue<Ready> ready;

    /** Passwords handed out and not yet stored, with their hashes, by identity. */
    private final Map<Secret, String> issued = Collections.synchronizedMap(new IdentityHashMap<>());

    private final List<Thread> workers = new ArrayList<>();

    private volatile boolean closed;

    /** Why a worker stopped making passwords, so that a chunk waiting for one fails instead of hanging. */
    private volatile Throwable failure;

    /**
     * @param capacity how many hashed passwords are kept ready
     * @param threads how many threads hash
     */
    public PasswordStock(PasswordGenerator generator, PasswordEncoder encoder, int capacity, int threads) {
        this.generator = generator;
        this.encoder = encoder;
        this.threads = threads;
        this.ready = new ArrayBlockingQueue<>(Math.max(1, capacity));
    }

    /** A new password, hashed already; {@link #hashOf(Secret)} gives its hash once. */
    public Secret take() {
        start();
        try {
            Ready next = this.ready.poll(1, TimeUnit.SECONDS);
            while (next == null) {
                if (this.failure != null || this.closed) {
                    throw new IllegalStateException("no new password could be made: " + ((this.failure != null)
                            ? this.failure.getClass().getSimpleName() : "the stock is closed"), this.failure);
                }
                next = this.ready.poll(1, TimeUnit.SECONDS);
            }
            this.issued.put(next.password(), next.hash());
            return next.password();
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a new password", ex);
        }
    }

    /** The hash of a password this stock handed out, or null for any other password; given once. */
    public String hashOf(Secret password) {
        return this.issued.remove(password);
    }

    private synchronized void start() {
        if (!this.workers.isEmpty() || this.closed) {
            return;
        }
        for (int i = 0; i < this.threads; i++) {
            Thread worker = new Thread(this::fill, "password-stock-" + (i + 1));
            worker.setDaemon(true);
            worker.start();
            this.workers.add(worker);
        }
    }

    private void fill() {
        while (!this.closed) {
            Secret password = this.generator.generate();
            String hash;
            try {
                hash = this.encoder.encode(password.reveal());
            }
            catch (RuntimeException | Error ex) {
                password.destroy();
                this.failure = ex;
                return;
            }
            try {
                while (!this.ready.offer(new Ready(password, hash), 200, TimeUnit.MILLISECONDS)) {
                    if (this.closed) {
                        password.destroy();
                        return;
                    }
                }
            }
            catch (InterruptedException ex) {
                password.destroy();
                return;
            }
        }
    }

    /** Stops hashing and forgets every password not handed out. */
    @Override
    public synchronized void close() {
        this.closed = true;
        this.workers.forEach(Thread::interrupt);
        for (Ready left = this.ready.poll(); left != null; left = this.ready.poll()) {
            left.password().destroy();
        }
        this.issued.clear();
    }

    private record Ready(Secret password, String hash) {
    }
}
