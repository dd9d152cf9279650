package dev.pgclone.inspector.verify;

import dev.pgclone.contracts.report.ReportProgress;
import dev.pgclone.inspector.report.ReportProgressSink;
import dev.pgclone.inspector.verify.VerifyPlan.Part;
import dev.pgclone.inspector.verify.VerifyPlan.Reported;
import dev.pgclone.inspector.verify.VerifyPlan.Side;
import dev.pgclone.inspector.verify.VerifyPlan.TableOnSide;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Cumulative progress of an exact verify, fed by the hashing sessions as parts finish: {@code done} counts the reported
 * tables whose every part, on both sides, is hashed; {@code rows} the rows hashed on both sides so far. Thread-safe.
 */
final class VerifyProgress {

    private final ReportProgressSink sink;
    private final int total;
    private final Map<TableOnSide, Integer> partsLeft = new HashMap<>();
    private final Map<TableOnSide, List<Reported>> dependents = new HashMap<>();
    private final Map<Reported, Integer> tablesLeft = new IdentityHashMap<>();
    private int done;
    private long rows;

    VerifyProgress(VerifyPlan plan, ReportProgressSink sink) {
        this.sink = sink;
        this.total = plan.reported().size();
        for (Side side : Side.values()) {
            for (Part part : plan.parts(side)) {
                partsLeft.merge(part.table(), 1, Integer::sum);
            }
        }
        for (Reported r : plan.reported()) {
            int left = 0;
            for (TableOnSide t : r.dependsOn()) {
                if (partsLeft.containsKey(t)) {
                    dependents.computeIfAbsent(t, k -> new ArrayList<>()).add(r);
                    left++;
                }
            }
            if (left == 0) {
                done++;
            } else {
                tablesLeft.put(r, left);
            }
        }
    }

    synchronized void started() {
        sink.update(new ReportProgress(done, total, rows, null));
    }

    synchronized void partDone(Part part, long partRows) {
        rows += partRows;
        TableOnSide table = part.table();
        if (partsLeft.merge(table, -1, Integer::sum) == 0) {
            for (Reported r : dependents.getOrDefault(table, List.of())) {
                if (tablesLeft.merge(r, -1, Integer::sum) == 0) {
                    done++;
                }
            }
        }
        sink.update(new ReportProgress(done, total, rows, part.table().table().toString()));
    }

    synchronized ReportProgress current() {
        return new ReportProgress(done, total, rows, null);
    }
}
