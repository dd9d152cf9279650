package dev.pgclone.testing;

/** A container-backed server: at JVM exit it is removed, not merely stopped (which would keep it for a restart). */
interface RemovableContainer {

    void remove();
}
