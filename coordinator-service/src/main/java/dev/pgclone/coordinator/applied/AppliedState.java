package dev.pgclone.coordinator.applied;

import java.util.List;

/**
 * What a job has changed on its target so far, stored with the job as it happens, so that its account survives the
 * coordinator: a job that ends any way but COMPLETED says exactly what the target keeps.
 *
 * @param targetDatabase the database the job writes (differs from the command's for database-create), or null
 * @param objectsCreated objects created in pre-data (0 until pre-data committed: it is one transaction)
 * @param tablesCreated  tables created in pre-data, as {@code schema.name} on the target
 * @param ledger         whether the task ledger was created on the target (and so must be dropped)
 * @param postDataTotal  post-data and finalize statements planned (0 until post-data starts)
 * @param postDataDone   of those, run
 */
public record AppliedState(String targetDatabase, int objectsCreated, List<String> tablesCreated, boolean ledger,
                           int postDataTotal, int postDataDone) {

    public static final AppliedState NOTHING = new AppliedState(null, 0, List.of(), false, 0, 0);

    public AppliedState {
        tablesCreated = tablesCreated == null ? List.of() : List.copyOf(tablesCreated);
    }

    public AppliedState withTargetDatabase(String name) {
        return new AppliedState(name, objectsCreated, tablesCreated, ledger, postDataTotal, postDataDone);
    }

    public AppliedState withPreData(int objects, List<String> tables, boolean withLedger) {
        return new AppliedState(targetDatabase, objects, tables, withLedger, postDataTotal, postDataDone);
    }

    public AppliedState withPostData(int total, int done) {
        return new AppliedState(targetDatabase, objectsCreated, tablesCreated, ledger, total, done);
    }

    public boolean changedTarget() {
        return objectsCreated > 0 || targetDatabase != null;
    }
}
