package dev.pgclone.testing;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.Uuid;

/**
 * A single-node KRaft broker in a child JVM, run from the classpath {@code deploy} resolves
 * ({@code deploy/target/kafka/libs}). Layout under {@code dir}: {@code server.properties}, {@code data/},
 * {@code broker.log} (stdout and stderr, appended across restarts), {@code kafka.pid} while running.
 */
public final class LocalKafkaBroker implements KafkaBroker {

    private static final String STARTED_LINE = "Kafka Server started";
    private static final String PORT_CLASH = "Address already in use";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
    private static final int START_ATTEMPTS = 3;
    private static final List<String> JVM_OPTIONS = List.of(
            "-Xms64m", "-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Djava.awt.headless=true");

    private final Path dir;
    private final Path libs;
    private KraftNodeConfig config;
    private Process process;

    private LocalKafkaBroker(Path dir, Path libs) {
        this.dir = dir;
        this.libs = libs;
    }

    /** Formats and starts a fresh broker in {@code dir} on free ports, with the broker jars {@code deploy} resolves. */
    public static LocalKafkaBroker start(Path dir) {
        return start(dir, DeployArtifacts.kafkaLibs());
    }

    public static LocalKafkaBroker start(Path dir, Path libs) {
        long started = System.nanoTime();
        LocalKafkaBroker broker = new LocalKafkaBroker(ScratchSpace.directory(dir), libs);
        broker.startOnFreePorts();
        System.err.printf("pgclone test-support: Kafka broker ready at %s in %d ms (%s)%n",
                broker.bootstrapServers(), (System.nanoTime() - started) / 1_000_000, dir);
        return broker;
    }

    @Override
    public synchronized String bootstrapServers() {
        return config.bootstrapServers();
    }

    public Path logFile() {
        return dir.resolve("broker.log");
    }

    @Override
    public synchronized void start() {
        if (process != null && process.isAlive()) {
            return;
        }
        StartFailure failure = launch();
        if (failure != null) {
            throw new IllegalStateException("Kafka broker did not restart on " + bootstrapServers() + ": " + failure.message);
        }
    }

    /** SIGTERM (a clean broker shutdown), then SIGKILL if it takes longer than 30 s. */
    @Override
    public synchronized void stop() {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        process = null;
        pidFile().toFile().delete();
    }

    private void startOnFreePorts() {
        StringBuilder failures = new StringBuilder();
        for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
            config = KraftNodeConfig.onFreePorts(dir.resolve("data"));
            ScratchSpace.deleteTree(config.logDir());
            format();
            StartFailure failure = launch();
            if (failure == null) {
                return;
            }
            failures.append("\nattempt ").append(attempt).append(" on ").append(bootstrapServers()).append(": ")
                    .append(failure.message);
            if (!failure.portClash) {
                break;
            }
        }
        throw new IllegalStateException("Kafka broker did not start in " + dir + failures);
    }

    private void format() {
        Path properties = dir.resolve("server.properties");
        try {
            Files.writeString(properties, config.render());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + properties, e);
        }
        ExternalCommand.runOrThrow(javaCommand("kafka.tools.StorageTool", "format",
                "-t", Uuid.randomUuid().toString(), "-c", properties.toString()), dir, START_TIMEOUT);
    }

    /** Starts the child JVM and waits for its "started" line; returns why it did not start, or null. */
    private StartFailure launch() {
        long logOffset = logFile().toFile().length();
        ProcessBuilder builder = new ProcessBuilder(javaCommand("kafka.Kafka", dir.resolve("server.properties").toString()))
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile().toFile()));
        // An agent meant for the test JVM (coverage, debugger) must not attach to the broker too.
        builder.environment().remove("JAVA_TOOL_OPTIONS");
        builder.environment().remove("JDK_JAVA_OPTIONS");
        try {
            process = builder.start();
            Files.writeString(pidFile(), Long.toString(process.pid()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the Kafka broker JVM", e);
        }
        return awaitStarted(logOffset);
    }

    private StartFailure awaitStarted(long logOffset) {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        try {
            while (true) {
                String output = logSince(logOffset);
                if (output.contains(STARTED_LINE)) {
                    return null;
                }
                if (!process.isAlive()) {
                    process = null;
                    pidFile().toFile().delete();
                    return new StartFailure(output.contains(PORT_CLASH),
                            "the broker exited; " + LogTail.lastLines(logFile(), 30));
                }
                if (System.nanoTime() > deadline) {
                    stop();
                    return new StartFailure(false, "no \"" + STARTED_LINE + "\" within " + START_TIMEOUT.toSeconds()
                            + " s; " + LogTail.lastLines(logFile(), 30));
                }
                Thread.sleep(50);
            }
        } catch (InterruptedException e) {
            stop();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the Kafka broker was starting", e);
        }
    }

    private String logSince(long offset) {
        try (RandomAccessFile log = new RandomAccessFile(logFile().toFile(), "r")) {
            byte[] bytes = new byte[(int) Math.max(0, log.length() - offset)];
            log.seek(offset);
            log.readFully(bytes);
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    private List<String> javaCommand(String mainClass, String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(JVM_OPTIONS);
        command.add("-cp");
        command.add(libs.resolve("*").toString());
        command.add(mainClass);
        command.addAll(List.of(args));
        return command;
    }

    private Path pidFile() {
        return dir.resolve("kafka.pid");
    }

    @Override
    public String toString() {
        return "LocalKafkaBroker[" + config.bootstrapServers() + ", " + dir + "]";
    }

    private record StartFailure(boolean portClash, String message) {
    }
}
