package dev.pgclone.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The SQL fixtures of the end-to-end tests ({@code e2e-tests/src/test/resources/fixtures}), for tests of other modules
 * that need the same hard cases without the whole system (e.g. a diff of the fidelity fixture created twice).
 */
public final class Fixtures {

    private static final String DIRECTORY = "e2e-tests/src/test/resources/fixtures/";

    private Fixtures() {
    }

    /** A fixture by file name ({@code fidelity.sql}): from the classpath when it is there, else from the source tree. */
    public static String read(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/fixtures/" + name)) {
            if (in != null) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            Path file = DeployArtifacts.projectRoot().resolve(DIRECTORY + name);
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read fixture " + name, e);
        }
    }
}
