package dev.pgclone.worker.task;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Jobs this worker has seen end (cancelled, failed or completed), learned from job events. Running copies of an
 * ended job stop and roll back; its queued tasks are skipped. Bounded: old entries fall out.
 */
@ApplicationScoped
public class EndedJobs {

    private static final int CAPACITY = 10_000;

    private final Map<String, Boolean> ended = Collections.synchronizedMap(new LinkedHashMap<>(256, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > CAPACITY;
        }
    });

    public void markEnded(String jobId) {
        ended.put(jobId, Boolean.TRUE);
    }

    public boolean hasEnded(String jobId) {
        return ended.containsKey(jobId);
    }
}
