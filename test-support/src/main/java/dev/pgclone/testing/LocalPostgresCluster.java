package dev.pgclone.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A PostgreSQL cluster in a local directory, run by its own initdb / pg_ctl (as the {@code postgres} OS user when
 * the JVM is root). Layout under {@code dir}: {@code data/}, {@code socket/}, {@code server.log}.
 */
public final class LocalPostgresCluster implements PostgresCluster {

    /** Tests run the server in a non-UTC zone, with a half-hour-and-a-quarter offset, to catch time zone slips. */
    public static final String TIME_ZONE = "Pacific/Chatham";
    private static final int START_ATTEMPTS = 3;
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(90);

    private final int major;
    private final Path binDir;
    private final Path dir;
    private final String password;
    private int port;
    private boolean running;

    private LocalPostgresCluster(int major, Path binDir, Path dir, String password) {
        this.major = major;
        this.binDir = binDir;
        this.dir = dir;
        this.password = password;
    }

    /** initdb + start for {@code major}, with binaries from {@link PostgresDistributions#binDir(int)}. */
    public static LocalPostgresCluster create(int major, Path dir) {
        return create(major, PostgresDistributions.binDir(major), dir);
    }

    /** initdb + start with the given binaries; {@code dir} must not exist yet or be empty. */
    public static LocalPostgresCluster create(int major, Path binDir, Path dir) {
        long started = System.nanoTime();
        LocalPostgresCluster cluster = new LocalPostgresCluster(major, binDir, dir, RandomSecrets.password());
        cluster.initdb();
        cluster.startOnFreePort();
        System.err.printf("pgclone test-support: PostgreSQL %d ready at 127.0.0.1:%d in %d ms (%s)%n",
                major, cluster.port, (System.nanoTime() - started) / 1_000_000, dir);
        return cluster;
    }

    @Override
    public int major() {
        return major;
    }

    @Override
    public String host() {
        return "127.0.0.1";
    }

    @Override
    public synchronized int port() {
        return port;
    }

    @Override
    public String superuser() {
        return "postgres";
    }

    @Override
    public String password() {
        return password;
    }

    @Override
    public Path binDir() {
        return binDir;
    }

    public Path logFile() {
        return dir.resolve("server.log");
    }

    @Override
    public synchronized void stop() {
        if (!running) {
            return;
        }
        pgCtlOrThrow("-D", dataDir().toString(), "-m", "fast", "-w", "-t", "60", "stop");
        running = false;
    }

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        ExternalCommand.Result result = pgCtlStart();
        if (!result.succeeded()) {
            throw new IllegalStateException("PostgreSQL " + major + " did not restart on port " + port + ":\n"
                    + result.output() + "\n" + LogTail.lastLines(logFile(), 30));
        }
        running = true;
    }

    private Path dataDir() {
        return dir.resolve("data");
    }

    private void initdb() {
        ScratchSpace.directory(dir);
        PostgresOsUser.own(dir);
        Path socketDir = ScratchSpace.directory(dir.resolve("socket"));
        PostgresOsUser.own(socketDir);
        Path passwordFile = dir.resolve("pwfile");
        try {
            // Created owner-only before the password goes in: no moment where others can read it.
            Files.createFile(passwordFile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(passwordFile, password + "\n");
            PostgresOsUser.own(passwordFile);
            ExternalCommand.Result result = initdb(passwordFile, "C.UTF-8");
            if (!result.succeeded() && result.output().contains("locale")) {
                // A libc without C.UTF-8: the C locale with UTF8 encoding sorts the same for tests.
                ScratchSpace.deleteTree(dataDir());
                result = initdb(passwordFile, "C");
            }
            if (!result.succeeded()) {
                throw new IllegalStateException("initdb " + major + " failed in " + dir + ":\n" + result.output());
            }
            Files.writeString(dataDir().resolve("postgresql.conf"),
                    "\n# pgclone tests: settings live in pgclone.conf, rewritten when a start needs another port\n"
                            + "include 'pgclone.conf'\n",
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare PostgreSQL in " + dir, e);
        } finally {
            passwordFile.toFile().delete();
        }
    }

    private ExternalCommand.Result initdb(Path passwordFile, String locale) {
        return ExternalCommand.run(PostgresOsUser.command(List.of(
                        binDir.resolve("initdb").toString(), "-D", dataDir().toString(),
                        "-E", "UTF8", "--locale=" + locale, "--no-sync", "-U", superuser(),
                        "--auth=scram-sha-256", "--pwfile=" + passwordFile)),
                dir, COMMAND_TIMEOUT);
    }

    /** Another process may grab the port between our probe and the server's bind: then try a fresh one. */
    private void startOnFreePort() {
        String failures = "";
        for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
            port = FreePort.pick();
            writeSettings();
            ExternalCommand.Result result = pgCtlStart();
            if (result.succeeded()) {
                running = true;
                return;
            }
            String log = LogTail.lastLines(logFile(), 30);
            failures += "\nattempt " + attempt + " on port " + port + ":\n" + result.output() + "\n" + log;
            if (!log.contains("Address already in use")) {
                break;
            }
        }
        throw new IllegalStateException("PostgreSQL " + major + " did not start in " + dir + failures);
    }

    private void writeSettings() {
        String settings = String.join("\n",
                "listen_addresses = '127.0.0.1'",
                "port = " + port,
                "unix_socket_directories = '" + dir.resolve("socket") + "'",
                "timezone = '" + TIME_ZONE + "'",
                "log_timezone = '" + TIME_ZONE + "'",
                // Throwaway clusters: durability only costs time.
                "fsync = off",
                "synchronous_commit = off",
                "full_page_writes = off",
                "max_connections = 200",
                "shared_buffers = 64MB",
                "max_wal_senders = 0",
                "wal_level = minimal",
                "max_prepared_transactions = 0",
                "");
        Path file = dataDir().resolve("pgclone.conf");
        try {
            Files.writeString(file, settings);
            PostgresOsUser.own(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private ExternalCommand.Result pgCtlStart() {
        return pgCtl("-w", "-t", "60", "-D", dataDir().toString(), "-l", logFile().toString(), "start");
    }

    private void pgCtlOrThrow(String... args) {
        ExternalCommand.Result result = pgCtl(args);
        if (!result.succeeded()) {
            throw new IllegalStateException("pg_ctl " + String.join(" ", args) + " failed:\n" + result.output()
                    + "\n" + LogTail.lastLines(logFile(), 30));
        }
    }

    private ExternalCommand.Result pgCtl(String... args) {
        List<String> command = new ArrayList<>(List.of(binDir.resolve("pg_ctl").toString()));
        command.addAll(List.of(args));
        return ExternalCommand.run(PostgresOsUser.command(command), dir, COMMAND_TIMEOUT);
    }

    @Override
    public String toString() {
        return "LocalPostgresCluster[" + major + " at 127.0.0.1:" + port + ", " + dir + "]";
    }
}
