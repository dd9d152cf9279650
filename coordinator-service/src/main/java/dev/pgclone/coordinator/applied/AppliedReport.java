package dev.pgclone.coordinator.applied;

import dev.pgclone.pg.ledger.TaskLedger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The warnings of a job that ended without completing: what its target keeps, table by table, from the stored
 * {@link AppliedState} and the task ledger's completion records (the only exact record of which rows committed).
 * One renderer for every way a job ends early: failure, cancel, coordinator restart.
 */
public final class AppliedReport {

    /** Tables named in one warning; the rest are counted. */
    static final int NAMES = 20;

    private AppliedReport() {
    }

    /**
     * The first announcement of a job ending early, while its copies in flight roll back: what pre-data and
     * post-data applied, and that the account of loaded tables follows.
     */
    public static List<String> pending(AppliedState state) {
        return render(state, null, null, null, true);
    }

    /**
     * The settled account.
     *
     * @param state          what pre-data and post-data applied
     * @param loaded         completion records read while dropping the ledger; empty when unknown (not readable)
     * @param ledgerProblem  why the ledger could not be dropped, or null when it was (or never existed)
     * @param ledgerName     the ledger's name on the target, for the by-hand instruction
     */
    public static List<String> warnings(AppliedState state, Optional<List<TaskLedger.Entry>> loaded, String ledgerProblem,
                                        String ledgerName) {
        return render(state, loaded.orElse(null), ledgerProblem, ledgerName, false);
    }

    private static List<String> render(AppliedState state, List<TaskLedger.Entry> loaded, String ledgerProblem,
                                       String ledgerName, boolean pending) {
        List<String> out = new ArrayList<>();
        if (state.targetDatabase() != null && state.objectsCreated() == 0) {
            out.add("the target database " + state.targetDatabase() + " exists (created or kept by this job) and "
                    + "holds nothing the job created");
        }
        if (state.objectsCreated() > 0) {
            List<String> tables = state.tablesCreated();
            out.add("the target keeps what the job applied: " + state.objectsCreated() + " object(s) created, "
                    + tables.size() + " of them table(s)" + (state.targetDatabase() != null ? " in database "
                    + state.targetDatabase() : ""));
            if (tables.isEmpty()) {
                // nothing to account for row by row
            } else if (!state.ledger()) {
                out.add("no rows were copied into the created tables: " + names(tables));
            } else if (pending) {
                out.add("which tables hold rows follows once the copies still running have rolled back");
            } else if (loaded != null) {
                Map<String, Long> rows = rowsByTable(loaded);
                List<String> filled = tables.stream().filter(rows::containsKey).toList();
                List<String> empty = tables.stream().filter(t -> !rows.containsKey(t)).toList();
                out.add("tables loaded (" + filled.size() + " of " + tables.size() + "): "
                        + names(filled.stream().map(t -> t + " (" + rows.get(t) + " rows)").toList()));
                if (!empty.isEmpty()) {
                    out.add("tables created but left empty (" + empty.size() + "): " + names(empty));
                }
            } else {
                out.add("which tables hold rows is unknown (the task ledger could not be read); tables created: "
                        + names(tables));
            }
            out.add(postData(state));
        }
        if (ledgerProblem != null) {
            out.add(ledgerLeft(ledgerName, ledgerProblem));
        }
        return out;
    }

    /** The ledger could not be dropped: say where it is, so it can be dropped by hand. */
    public static String ledgerLeft(String ledgerName, String problem) {
        return "could not remove the task ledger " + ledgerName + " from the target (drop it by hand): " + problem;
    }

    private static String postData(AppliedState state) {
        if (state.postDataTotal() == 0) {
            return "post-data did not run: primary keys, unique and foreign key constraints, indexes, triggers, sequence "
                    + "values, owners and privileges are missing on the created tables";
        }
        if (state.postDataDone() < state.postDataTotal()) {
            return "post-data stopped after " + state.postDataDone() + " of " + state.postDataTotal() + " statement(s): "
                    + "some constraints, indexes, triggers, sequence values, owners or privileges are missing";
        }
        return "post-data completed (" + state.postDataTotal() + " statement(s))";
    }

    /** Rows per table; the parts of a split table add up. */
    static Map<String, Long> rowsByTable(List<TaskLedger.Entry> entries) {
        Map<String, Long> rows = new LinkedHashMap<>();
        for (TaskLedger.Entry e : entries) {
            if (e.label() == null || e.label().endsWith("large object(s)")) {
                continue;
            }
            int part = e.label().indexOf(" (part ");
            rows.merge(part < 0 ? e.label() : e.label().substring(0, part), e.rows(), Long::sum);
        }
        return rows;
    }

    private static String names(List<String> names) {
        if (names.isEmpty()) {
            return "none";
        }
        String shown = String.join(", ", names.subList(0, Math.min(NAMES, names.size())));
        return names.size() > NAMES ? shown + " and " + (names.size() - NAMES) + " more" : shown;
    }
}
