package dev.pgclone.contracts;

/** Anything that travels on a pgclone topic. */
public interface Message {

    MessageHeader header();

    default String jobId() {
        return header().jobId();
    }
}
