package dev.pgclone.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The end of a server log, for failure messages. */
final class LogTail {

    private LogTail() {
    }

    static String lastLines(Path file, int count) {
        if (!Files.isReadable(file)) {
            return "(no log at " + file + ")";
        }
        try {
            List<String> lines = new String(Files.readAllBytes(file), StandardCharsets.UTF_8).lines().toList();
            List<String> tail = lines.subList(Math.max(0, lines.size() - count), lines.size());
            return "last " + tail.size() + " lines of " + file + ":\n" + String.join("\n", tail);
        } catch (IOException e) {
            return "(cannot read " + file + ": " + e.getMessage() + ")";
        }
    }
}
