package dev.pgclone.coordinator.snapshot;

/** Life of a snapshot keeper. */
public enum KeeperState {
    OPENING, EXPORTED, RELEASED, LOST
}
