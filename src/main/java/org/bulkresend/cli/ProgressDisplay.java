package org.bulkresend.cli;

import java.time.Duration;

import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.bulkresend.settings.BulkResendProperties;
import org.bulkresend.job.RunProgress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shows how far a run is: on an interactive terminal a progress bar (users done of total, rate,
 * time left, problems so far); otherwise (cron, CI, a pipe) a plain log line every few seconds;
 * with {@code --quiet} nothing.
 */
final class ProgressDisplay {

    private ProgressDisplay() {
    }

    static void install(SpringSession session, boolean quiet) {
        RunProgress progress = session.bean(RunProgress.class);
        if (quiet) {
            progress.showWith(null);
        }
        else if (System.console() != null) {
            progress.showWith(new Bar(new ConsoleProgressBarConsumer(System.err)));
        }
        else {
            progress.showWith(new LogLines(session.bean(BulkResendProperties.class).progressEvery()));
        }
    }

    /** A progress bar on standard error, which keeps standard output for the summary. */
    static final class Bar implements RunProgress.View {

        private final ConsoleProgressBarConsumer console;

        private ProgressBar bar;

        Bar(ConsoleProgressBarConsumer console) {
            this.console = console;
        }

        @Override
        public void started(long total, long done, long problems) {
            this.bar = new ProgressBarBuilder().setTaskName("Users")
                .setInitialMax(total)
                .setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(500)
                .showSpeed()
                .setSpeedUnit(java.time.temporal.ChronoUnit.SECONDS)
                .setUnit(" users", 1)
                .startsFrom(done, Duration.ZERO)
                .setConsumer(this.console)
                .build();
            this.bar.setExtraMessage(", " + problems + " problems");
        }

        @Override
        public void progressed(long done, long problems) {
            if (this.bar != null) {
                this.bar.stepTo(done);
                this.bar.setExtraMessage(", " + problems + " problems");
            }
        }

        @Override
        public void finished() {
            if (this.bar != null) {
                this.bar.close();
                this.bar = null;
            }
        }
    }

    /** A log line every few seconds: done of total, rate, time left, problems. */
    static final class LogLines implements RunProgress.View {

        private static final Logger logger = LoggerFactory.getLogger("org.bulkresend.progress");

        private final long everyNanos;

        private long total;

        private long startDone;

        private long startNanos;

        private long lastNanos;

        LogLines(Duration every) {
            this.everyNanos = every.toNanos();
        }

        @Override
        public void started(long total, long done, long problems) {
            this.total = total;
            this.startDone = done;
            this.startNanos = System.nanoTime();
            this.lastNanos = this.startNanos;
        }

        @Override
        public void progressed(long done, long problems) {
            long now = System.nanoTime();
            if (now - this.lastNanos < this.everyNanos) {
                return;
            }
            this.lastNanos = now;
            logger.info(line(done, problems, now));
        }

        String line(long done, long problems, long now) {
            double seconds = (now - this.startNanos) / 1e9;
            double rate = (seconds > 0) ? (done - this.startDone) / seconds : 0;
            StringBuilder line = new StringBuilder("Progress: ").append(done).append(" of ").append(this.total)
                .append(" users");
            if (this.total > 0) {
                line.append(" (").append(done * 100 / this.total).append("%)");
            }
            line.append(String.format(", %.1f per second", rate));
            if (rate > 0 && this.total > done) {
                long left = (long) Math.ceil((this.total - done) / rate);
                line.append(", about ").append(left / 60).append(" min ").append(left % 60).append(" s left");
            }
            return line.append(", ").append(problems).append(" problems so far").toString();
        }

        @Override
        public void finished() {
        }
    }
}
