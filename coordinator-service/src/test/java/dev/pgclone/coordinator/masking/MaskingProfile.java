package dev.pgclone.coordinator.masking;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** The coordinator with a keyed_hash key, for the masking job tests. */
public class MaskingProfile implements QuarkusTestProfile {

    static final String KEY = "masking-jobs test key: 32 bytes!";

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("pgclone.masking.key", KEY);
    }
}
