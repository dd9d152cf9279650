package dev.pgclone.pg.copy;

/** Receives cumulative counters while a copy runs. */
@FunctionalInterface
public interface CopyProgress {

    void update(long rows, long bytes);
}
