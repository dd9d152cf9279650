package dev.pgclone.inspector.report;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** Runs the inspector with {@link ScriptedReportHandler} standing in for the verify kind, quick progress and lease. */
public class ReportPlumbingProfile implements QuarkusTestProfile {

    static final String PROFILE = "reports-plumbing";
    static final String LOG_FILE = "target/reports-plumbing.log";

    @Override
    public String getConfigProfile() {
        return PROFILE;
    }

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("pgclone.inspector.progress-interval", "200ms",
                "pgclone.inspector.heartbeat-interval", "500ms",
                "pgclone.inspector.concurrency", "2",
                // the log, scanned for passwords by the tests
                "quarkus.log.file.enabled", "true",
                "quarkus.log.file.path", LOG_FILE);
    }
}
