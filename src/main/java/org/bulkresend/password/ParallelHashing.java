package org.bulkresend.password;

import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;

import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * Hashes a chunk's passwords on every core at once. A password hash is deliberately slow (bcrypt
 * costs about 70 ms at cost 10) and dominates a run on the embedded directory, and one hash does
 * not depend on another, so a chunk is hashed in parallel and stored afterwards in one
 * transaction: the order of a chunk's steps (intent recorded, passwords stored, messages sent)
 * stays exactly as it was, only faster.
 */
public final class ParallelHashing {

    private final PasswordEncoder encoder;

    private final ForkJoinPool pool;

    /**
     * @param threads how many passwords are hashed at once; 1 hashes one after another
     */
    public ParallelHashing(PasswordEncoder encoder, int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("the hashing threads must be at least 1, was " + threads);
        }
        this.encoder = encoder;
        this.pool = (threads > 1) ? new ForkJoinPool(threads) : null;
    }

    /** The number of cores of this machine: the default number of threads. */
    public static int cores() {
        return Runtime.getRuntime().availableProcessors();
    }

    /** The hashes of these passwords, in the same order. */
    public List<String> hashAll(List<Secret> passwords) {
        if (this.pool == null || passwords.size() < 2) {
            return passwords.stream().map(this::hash).toList();
        }
        try {
            return this.pool.submit(() -> passwords.parallelStream().map(this::hash).toList()).get();
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while hashing passwords", ex);
        }
        catch (ExecutionException ex) {
            throw (ex.getCause() instanceof RuntimeException runtime) ? runtime
                    : new IllegalStateException(ex.getCause());
        }
    }

    private String hash(Secret password) {
        return this.encoder.encode(password.reveal());
    }
}
