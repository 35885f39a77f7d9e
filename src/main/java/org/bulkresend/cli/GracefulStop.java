package org.bulkresend.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.bulkresend.run.ResendRunner;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Ctrl-C or SIGTERM during a run: the first asks the job to stop at the next chunk boundary,
 * so every user of the chunk in flight is reset and told (or recorded as not told) and the run
 * ends STOPPED, to be continued by the same command. A second one stops at once; the next run
 * then recovers the interrupted execution as it would after a crash.
 */
final class GracefulStop implements AutoCloseable {

    static final int EXIT_AT_ONCE = 130;

    private final List<Signal> signals = new ArrayList<>();

    private final List<SignalHandler> previous = new ArrayList<>();

    private GracefulStop() {
    }

    static GracefulStop install(ResendRunner runner, PrintWriter err) {
        return install(runner::stopRunning, err,
                "stopping after the current chunk (press Ctrl-C again to stop at once)...");
    }

    /** Calls {@code onFirst} on the first Ctrl-C or SIGTERM, saying {@code stopping}; a second one stops at once. */
    static GracefulStop install(Runnable onFirst, PrintWriter err, String stopping) {
        GracefulStop stop = new GracefulStop();
        AtomicInteger received = new AtomicInteger();
        SignalHandler handler = (signal) -> {
            if (received.incrementAndGet() == 1) {
                err.println("bulk-resend: " + stopping);
                err.flush();
                onFirst.run();
            }
            else {
                err.println("bulk-resend: stopped at once. Run the same command again to continue.");
                err.flush();
                Runtime.getRuntime().halt(EXIT_AT_ONCE);
            }
        };
        for (String name : new String[] { "INT", "TERM" }) {
            try {
                Signal signal = new Signal(name);
                stop.previous.add(Signal.handle(signal, handler));
                stop.signals.add(signal);
            }
            catch (IllegalArgumentException ex) {
                // This platform has no such signal.
            }
        }
        return stop;
    }

    @Override
    public void close() {
        for (int i = 0; i < this.signals.size(); i++) {
            Signal.handle(this.signals.get(i), this.previous.get(i));
        }
    }
}
