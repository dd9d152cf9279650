package dev.pgclone.coordinator.target;

import dev.pgclone.coordinator.plan.Ownership;
import dev.pgclone.coordinator.plan.PlannedObject;
import dev.pgclone.pg.Quote;
import dev.pgclone.pg.acl.GrantStatements;
import dev.pgclone.pg.catalog.LargeObjectDef;
import dev.pgclone.pg.catalog.SchemaDef;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Owners and privileges, last: objects get their source owner when that role exists on the target (otherwise the
 * cloning role keeps them), and exactly the source's privileges for the roles that exist. Roles the target lacks are
 * listed once in a warning.
 */
public final class OwnershipSteps {

    /** Steps to run and the warning about missing roles (null when none is missing). */
    public record Result(List<PostDataSteps.Step> steps, String warning) {
    }

    private OwnershipSteps() {
    }

    /**
     * @param targetUser the role the clone connects as (owner of everything it created)
     * @param roles      roles that exist on the target
     */
    public static Result of(List<SchemaDef> schemas, List<PlannedObject> created, List<LargeObjectDef> largeObjects,
                            String targetUser, Set<String> roles) {
        List<PostDataSteps.Step> steps = new ArrayList<>();
        Map<String, Integer> missingOwners = new TreeMap<>();
        Map<String, Integer> missingGrantees = new TreeMap<>();
        List<Ownership> all = new ArrayList<>();
        schemas.forEach(s -> all.add(new Ownership("SCHEMA " + Quote.ident(s.name()), "SCHEMA " + Quote.ident(s.name()),
                s.owner(), s.acl(), Map.of())));
        created.forEach(o -> all.add(o.ownership()));
        largeObjects.forEach(lo -> all.add(new Ownership("LARGE OBJECT " + lo.oid(), "LARGE OBJECT " + lo.oid(), lo.owner(),
                lo.acl(), Map.of())));
        for (Ownership o : all) {
            List<String> sql = new ArrayList<>();
            String owner = targetUser;
            if (!o.owner().equals(targetUser)) {
                if (roles.contains(o.owner())) {
                    sql.add("ALTER " + o.alterClause() + " OWNER TO " + Quote.ident(o.owner()));
                    owner = o.owner();
                } else {
                    missingOwners.merge(o.owner(), 1, Integer::sum);
                }
            }
            if (o.grantClause() != null) {
                GrantStatements.Result grants = GrantStatements.of(o.grantClause(), owner, o.acl(), roles::contains);
                sql.addAll(grants.statements());
                grants.missing().forEach(r -> missingGrantees.merge(r, 1, Integer::sum));
                for (var column : o.columnAcls().entrySet()) {
                    GrantStatements.Result cg = GrantStatements.ofColumn(o.grantClause(), column.getKey(), column.getValue(),
                            roles::contains);
                    sql.addAll(cg.statements());
                    cg.missing().forEach(r -> missingGrantees.merge(r, 1, Integer::sum));
                }
            }
            if (!sql.isEmpty()) {
                steps.add(new PostDataSteps.Step("owner and privileges of " + o.alterClause(), sql, true));
            }
        }
        return new Result(steps, warning(missingOwners, missingGrantees, targetUser));
    }

    private static String warning(Map<String, Integer> owners, Map<String, Integer> grantees, String targetUser) {
        if (owners.isEmpty() && grantees.isEmpty()) {
            return null;
        }
        List<String> parts = new ArrayList<>();
        owners.forEach((role, n) -> parts.add(role + " (owns " + n + " object(s), left owned by " + targetUser + ")"));
        grantees.forEach((role, n) -> parts.add(role + " (holds privileges on " + n + " object(s), not granted)"));
        return "roles missing on the target: " + String.join(", ", parts) + "; create them (pgclone clone_roles) and "
                + "clone again to keep ownership and privileges";
    }
}
