package dev.pgclone.coordinator.target;

import dev.pgclone.coordinator.plan.Ownership;
import dev.pgclone.coordinator.plan.PlannedObject;
import dev.pgclone.pg.Quote;
import dev.pgclone.pg.acl.AclItem;
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
 * listed once in a warning. A schema may have existed on the target before the clone (always so for {@code public}):
 * its owner and privileges are taken from what it has there, so what the target had and the source has not is
 * revoked, as pg_dump's restore would leave it.
 */
public final class OwnershipSteps {

    /** Steps to run and the warning about missing roles (null when none is missing). */
    public record Result(List<PostDataSteps.Step> steps, String warning) {
    }

    /** What a schema's owner holds when its ACL is NULL: USAGE and CREATE. */
    private static final String SCHEMA_OWNER_PRIVILEGES = "UC";

    private OwnershipSteps() {
    }

    /**
     * @param schemas    the source's schemas to reproduce (none for a table clone: it leaves schemas as they are)
     * @param onTarget   the same schemas as they are on the target now, by name (owner and privileges)
     * @param targetUser the role the clone connects as (owner of everything it created)
     * @param roles      roles that exist on the target
     */
    public static Result of(List<SchemaDef> schemas, Map<String, SchemaDef> onTarget, List<PlannedObject> created,
                            List<LargeObjectDef> largeObjects, String targetUser, Set<String> roles) {
        List<PostDataSteps.Step> steps = new ArrayList<>();
        Map<String, Integer> missingOwners = new TreeMap<>();
        Map<String, Integer> missingGrantees = new TreeMap<>();
        for (SchemaDef schema : schemas) {
            List<String> sql = schema(schema, onTarget.get(schema.name()), targetUser, roles, missingOwners, missingGrantees);
            if (!sql.isEmpty()) {
                steps.add(new PostDataSteps.Step("owner and privileges of SCHEMA " + Quote.ident(schema.name()), sql, true));
            }
        }
        List<Ownership> all = new ArrayList<>();
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

    /**
     * A schema's owner and privileges, starting from what it has on the target (a schema the clone created: the
     * cloning role and a NULL ACL). The owner changes first, which renames the old owner in the ACL as PostgreSQL
     * does; then the ACL converges on the source's ({@link GrantStatements#converge}). When the source's owner is
     * missing, the schema keeps its owner, who stands in for the source's in the source's ACL.
     */
    private static List<String> schema(SchemaDef source, SchemaDef target, String targetUser, Set<String> roles,
                                       Map<String, Integer> missingOwners, Map<String, Integer> missingGrantees) {
        String clause = "SCHEMA " + Quote.ident(source.name());
        String owner = target == null ? targetUser : target.owner();
        List<AclItem> current = target == null || target.acl() == null ? null : AclItem.parseAll(target.acl());
        List<String> sql = new ArrayList<>();
        if (!source.owner().equals(owner)) {
            if (roles.contains(source.owner())) {
                sql.add("ALTER " + clause + " OWNER TO " + Quote.ident(source.owner()));
                current = AclItem.ownerChanged(current, owner, source.owner());
                owner = source.owner();
            } else {
                missingOwners.merge(source.owner(), 1, Integer::sum);
            }
        }
        List<AclItem> wanted = source.acl() == null ? null
                : AclItem.ownerChanged(AclItem.parseAll(source.acl()), source.owner(), owner);
        GrantStatements.Result grants = GrantStatements.converge(clause, owner, SCHEMA_OWNER_PRIVILEGES, current, wanted,
                roles::contains);
        sql.addAll(grants.statements());
        grants.missing().forEach(r -> missingGrantees.merge(r, 1, Integer::sum));
        return sql;
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
