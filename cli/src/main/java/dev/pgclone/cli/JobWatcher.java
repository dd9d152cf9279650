package dev.pgclone.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pgclone.cli.gateway.GatewayClient;
import dev.pgclone.cli.render.ProgressLine;
import dev.pgclone.cli.render.RateMeter;
import dev.pgclone.contracts.job.JobView;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;

/**
 * Follows a job until it ends: polls the gateway every interval (a long poll, {@code ?wait=1s}, so the end is seen at
 * once) and shows one progress line, redrawn in place on a terminal, or elsewhere printed when something changed
 * (and every {@link #LINE_EVERY}). A gateway that stops answering is retried for {@link #OUTAGE_TOLERANCE}.
 */
public final class JobWatcher {

    /** Sleeps between polls (replaced in tests). */
    public interface Sleeper {
        void sleep(Duration d) throws InterruptedException;
    }

    static final Duration LINE_EVERY = Duration.ofSeconds(5);
    static final Duration OUTAGE_TOLERANCE = Duration.ofSeconds(30);
    private static final Duration RATE_WINDOW = Duration.ofSeconds(5);

    private final GatewayClient client;
    private final Terminal terminal;
    private final PrintWriter progress;
    private final Sleeper sleeper;
    private final Duration interval;

    public JobWatcher(GatewayClient client, Terminal terminal, PrintWriter progress, Sleeper sleeper, Duration interval) {
        this.client = client;
        this.terminal = terminal;
        this.progress = progress;
        this.sleeper = sleeper;
        this.interval = interval;
    }

    /** Watches from the answer already in hand until the job ends; returns the last answer. */
    public JsonNode watch(JsonNode first) {
        RateMeter rate = new RateMeter(RATE_WINDOW);
        JsonNode current = first;
        String id = GatewayClient.toJob(first).id();
        Printer printer = terminal.live() ? new LivePrinter() : new LinePrinter();
        Thread detachNotice = new Thread(() -> {
            progress.println();
            progress.println("pgclone: stopped watching; job " + id + " goes on (pgclone watch " + id
                    + " to follow it again, pgclone cancel " + id + " to stop it)");
            progress.flush();
        });
        boolean hooked = addHook(detachNotice);
        Instant outageSince = null;
        try {
            while (true) {
                JobView job = GatewayClient.toJob(current);
                Instant now = terminal.clock().instant();
                rate.add(now, job.progress().bytesCopied(), job.progress().rowsCopied());
                printer.show(job, ProgressLine.render(job, now, rate, terminal.width() - 1), now);
                if (job.status().terminal()) {
                    break;
                }
                long asked = System.nanoTime();
                try {
                    // a long poll: the gateway answers as soon as the job ends, else after one interval
                    current = client.job(id, interval.isZero() ? null : interval);
                    outageSince = null;
                } catch (CliException e) {
                    if (e.exitCode() != ExitCode.UNAVAILABLE) {
                        throw e;
                    }
                    Instant t = terminal.clock().instant();
                    outageSince = outageSince == null ? t : outageSince;
                    if (Duration.between(outageSince, t).compareTo(OUTAGE_TOLERANCE) >= 0) {
                        printer.finish();
                        throw e;
                    }
                }
                // never poll faster than the interval (an answer that came early for a job still running)
                Duration left = interval.minusNanos(System.nanoTime() - asked);
                if (!GatewayClient.toJob(current).status().terminal() && left.toMillis() > 0) {
                    sleep(left);
                }
            }
            printer.finish();
            return current;
        } finally {
            if (hooked) {
                try {
                    Runtime.getRuntime().removeShutdownHook(detachNotice);
                } catch (IllegalStateException shuttingDown) {
                    // the hook runs: the user pressed Ctrl-C
                }
            }
        }
    }

    private void sleep(Duration d) {
        try {
            sleeper.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw CliException.unavailable("interrupted");
        }
    }

    private static boolean addHook(Thread hook) {
        try {
            Runtime.getRuntime().addShutdownHook(hook);
            return true;
        } catch (IllegalStateException | SecurityException e) {
            return false;
        }
    }

    private interface Printer {
        void show(JobView job, String line, Instant now);

        void finish();
    }

    /** Redraws one line with a carriage return; the line is cut to the width so it never wraps. */
    private final class LivePrinter implements Printer {
        private boolean shown;

        public void show(JobView job, String line, Instant now) {
            int max = Math.max(20, terminal.width() - 1);
            String fitted = line.length() > max ? line.substring(0, max - 1) + "…" : line;
            progress.print("\r" + fitted + "\033[K");
            progress.flush();
            shown = true;
        }

        public void finish() {
            if (shown) {
                progress.println();
                progress.flush();
            }
        }
    }

    /** A new line when the state or table count changed, or every {@link #LINE_EVERY} while copying. */
    private final class LinePrinter implements Printer {
        private String lastKey;
        private Instant lastAt;

        public void show(JobView job, String line, Instant now) {
            String key = job.status() + "/" + job.phase() + "/" + job.progress().tablesCompleted() + "/"
                    + job.progress().activeTables();
            if (!key.equals(lastKey) || lastAt == null || Duration.between(lastAt, now).compareTo(LINE_EVERY) >= 0) {
                progress.println(line);
                progress.flush();
                lastKey = key;
                lastAt = now;
            }
        }

        public void finish() {
            progress.flush();
        }
    }
}
