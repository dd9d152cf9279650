package dev.pgclone.pg.copy;

/** The job ended (cancelled or failed elsewhere) while this copy ran; its transaction was rolled back. */
public class CopyCancelledException extends RuntimeException {

    public CopyCancelledException(String jobId) {
        super("job " + jobId + " ended while the copy ran; its rows were rolled back", null, false, false);
    }
}
