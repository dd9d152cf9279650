package dev.pgclone.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The fault suite's figures: one row per scenario (trials, outcomes, data checks, a measured figure), printed as a
 * Markdown table and written to {@code e2e-tests/target/fault-report.md}. A scenario records what it observed before
 * it asserts, so a failing scenario still shows what happened.
 */
final class FaultReport {

    private static final FaultReport INSTANCE = new FaultReport();

    private final Map<String, Scenario> scenarios = new LinkedHashMap<>();

    static FaultReport get() {
        return INSTANCE;
    }

    synchronized Scenario scenario(String name) {
        return scenarios.computeIfAbsent(name, Scenario::new);
    }

    /** What one scenario observed over its trials. */
    static final class Scenario {
        private final String name;
        private final List<String> outcomes = new ArrayList<>();
        private final List<Boolean> dataEqual = new ArrayList<>();
        private final Map<String, List<Long>> figures = new LinkedHashMap<>();
        private final List<String> notes = new ArrayList<>();
        private String dataLabel = "equal";

        private Scenario(String name) {
            this.name = name;
        }

        /** One trial's outcome, e.g. {@code COMPLETED} or {@code FAILED snapshot-lost}. */
        synchronized Scenario outcome(String outcome) {
            outcomes.add(outcome);
            return this;
        }

        /** One trial's data check. */
        synchronized Scenario data(boolean ok) {
            dataEqual.add(ok);
            return this;
        }

        /** What a passed data check means for this scenario (default {@code equal}). */
        synchronized Scenario dataLabel(String label) {
            dataLabel = label;
            return this;
        }

        /** A measured duration, summarised as median and max over the trials. */
        synchronized Scenario figure(String what, Duration took) {
            figures.computeIfAbsent(what, k -> new ArrayList<>()).add(took.toMillis());
            return this;
        }

        /** A free-form fact (counts, names). */
        synchronized Scenario note(String note) {
            notes.add(note);
            return this;
        }

        synchronized long count(Predicate<String> outcome) {
            return outcomes.stream().filter(outcome).count();
        }

        private synchronized String row() {
            return "| " + name + " | " + outcomes.size() + " | " + outcomeCell() + " | " + dataCell() + " | "
                    + figureCell() + " |";
        }

        private String outcomeCell() {
            Map<String, Integer> byOutcome = new LinkedHashMap<>();
            outcomes.forEach(o -> byOutcome.merge(o, 1, Integer::sum));
            List<String> parts = new ArrayList<>();
            byOutcome.forEach((o, n) -> parts.add(n + "/" + outcomes.size() + " " + o));
            return parts.isEmpty() ? "not run" : String.join(", ", parts);
        }

        private String dataCell() {
            if (dataEqual.isEmpty()) {
                return "—";
            }
            long ok = dataEqual.stream().filter(b -> b).count();
            return ok + "/" + dataEqual.size() + " " + dataLabel;
        }

        private String figureCell() {
            List<String> parts = new ArrayList<>();
            figures.forEach((what, values) -> parts.add(what + " " + summary(values)));
            parts.addAll(notes);
            return parts.isEmpty() ? "—" : String.join("; ", parts).replace("|", "\\|");
        }

        private static String summary(List<Long> millis) {
            List<Long> sorted = millis.stream().sorted().toList();
            long median = sorted.size() % 2 == 1 ? sorted.get(sorted.size() / 2)
                    : (sorted.get(sorted.size() / 2 - 1) + sorted.get(sorted.size() / 2)) / 2;
            if (sorted.size() == 1) {
                return seconds(median);
            }
            return "median " + seconds(median) + ", max " + seconds(sorted.get(sorted.size() - 1));
        }

        private static String seconds(long millis) {
            return String.format(java.util.Locale.ROOT, "%.1f s", millis / 1000.0);
        }
    }

    /** The Markdown table (with the machine it ran on), printed and written to {@code target/fault-report.md}. */
    synchronized String write(String title) {
        StringBuilder out = new StringBuilder();
        out.append("### ").append(title).append("\n\n");
        out.append("Ran ").append(DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(Instant.now().atOffset(ZoneOffset.UTC)
                .withNano(0))).append(" UTC on ").append(machine()).append(".\n\n");
        out.append("| scenario | trials | outcome | data check | figure |\n");
        out.append("| --- | --- | --- | --- | --- |\n");
        scenarios.values().forEach(s -> out.append(s.row()).append('\n'));
        String table = out.toString();
        System.out.println("\n" + table);
        try {
            Path file = Path.of("target", "fault-report.md");
            Files.createDirectories(file.getParent());
            Files.writeString(file, table);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return table;
    }

    private static String machine() {
        int cores = Runtime.getRuntime().availableProcessors();
        String load = "";
        try {
            String loadavg = Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
            load = ", load average " + loadavg + " at the end";
        } catch (IOException | RuntimeException e) {
            // not Linux: leave it out
        }
        return cores + " cores, " + System.getProperty("os.name") + " " + System.getProperty("os.arch") + ", Java "
                + System.getProperty("java.version") + load;
    }
}
