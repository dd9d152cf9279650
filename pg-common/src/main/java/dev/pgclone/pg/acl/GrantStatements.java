package dev.pgclone.pg.acl;

import dev.pgclone.pg.Quote;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Statements that give an object on the target exactly the source's privileges: revoke the defaults from PUBLIC and
 * the owner, then grant the source's entries in their order (which rebuilds the same ACL array, so pg_dump prints
 * the same GRANTs). Entries for roles the target lacks are left out and reported. {@link #of} is for objects the
 * clone created (their ACL is NULL); {@link #converge} starts from whatever ACL an existing object has.
 */
public final class GrantStatements {

    private static final Map<Character, String> PRIVILEGES = Map.ofEntries(
            Map.entry('r', "SELECT"), Map.entry('w', "UPDATE"), Map.entry('a', "INSERT"), Map.entry('d', "DELETE"),
            Map.entry('D', "TRUNCATE"), Map.entry('x', "REFERENCES"), Map.entry('t', "TRIGGER"),
            Map.entry('X', "EXECUTE"), Map.entry('U', "USAGE"), Map.entry('C', "CREATE"), Map.entry('c', "CONNECT"),
            Map.entry('T', "TEMPORARY"), Map.entry('m', "MAINTAIN"), Map.entry('s', "SET"), Map.entry('A', "ALTER SYSTEM"));

    /**
     * @param statements what to run
     * @param missing    roles named by the source's ACL that the target does not have
     */
    public record Result(List<String> statements, Set<String> missing) {
    }

    private GrantStatements() {
    }

    /**
     * @param objectClause  e.g. {@code TABLE "s"."t"}, {@code FUNCTION "s"."f"(integer)}, {@code SCHEMA "s"}
     * @param owner         the object's owner on the target
     * @param acl           the source's ACL ({@code aclitem} texts); empty means default privileges: nothing to do
     * @param roleExists    whether a role exists on the target
     */
    public static Result of(String objectClause, String owner, List<String> acl, Predicate<String> roleExists) {
        return build(objectClause, null, owner, acl, roleExists);
    }

    /** The same for one column's privileges ({@code GRANT SELECT (col) ON TABLE …}); no defaults to revoke. */
    public static Result ofColumn(String tableClause, String column, List<String> acl, Predicate<String> roleExists) {
        return build(tableClause, column, null, acl, roleExists);
    }

    /**
     * Statements that make the privileges of an object the clone did not create (a schema that already existed on the
     * target) exactly the source's, whatever it has now. The two ACLs are compared in effect, a NULL ACL (null here)
     * being the owner's default entry; when they agree, nothing is run (a NULL and an explicit default ACL agree:
     * pg_dump prints neither). Otherwise every grantee the object has now loses everything ({@code CASCADE}, so what
     * was granted through a grant option goes too; PUBLIC included), then the source's entries are granted in their
     * order, which rebuilds the same ACL array. Grants are made as the owner: a source entry granted by another role
     * arrives granted by the owner.
     *
     * @param objectClause   e.g. {@code SCHEMA "s"}
     * @param owner          the object's owner on the target (after any {@code OWNER TO})
     * @param ownerPrivileges what the owner holds by default ({@code UC} for a schema)
     * @param current        the target's ACL as it is now (after any {@code OWNER TO}, see {@link AclItem#ownerChanged}),
     *                       or null for NULL
     * @param wanted         the source's ACL with its owner's name replaced by {@code owner}, or null for NULL
     */
    public static Result converge(String objectClause, String owner, String ownerPrivileges, List<AclItem> current,
                                  List<AclItem> wanted, Predicate<String> roleExists) {
        List<AclItem> have = current == null ? List.of(AclItem.ownerDefault(owner, ownerPrivileges)) : current;
        List<AclItem> want = new ArrayList<>();
        Set<String> missing = new java.util.TreeSet<>();
        for (AclItem item : wanted == null ? List.of(AclItem.ownerDefault(owner, ownerPrivileges)) : wanted) {
            if (item.grantee() != null && !roleExists.test(item.grantee())) {
                missing.add(item.grantee());
            } else {
                want.add(item);
            }
        }
        List<String> out = new ArrayList<>();
        if (same(have, want)) {
            return new Result(out, missing);
        }
        Set<String> revoked = new java.util.LinkedHashSet<>();
        for (AclItem item : have) {
            String from = item.grantee() == null ? "PUBLIC" : Quote.ident(item.grantee());
            if (revoked.add(from)) {
                out.add("REVOKE ALL ON " + objectClause + " FROM " + from + " CASCADE");
            }
        }
        grant(objectClause, "", want, out);
        return new Result(out, missing);
    }

    private static boolean same(List<AclItem> a, List<AclItem> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (!a.get(i).sameAs(b.get(i))) {
                return false;
            }
        }
        return true;
    }

    private static Result build(String objectClause, String column, String owner, List<String> acl,
                                Predicate<String> roleExists) {
        List<String> out = new ArrayList<>();
        Set<String> missing = new java.util.TreeSet<>();
        if (acl.isEmpty()) {
            return new Result(out, missing);
        }
        if (column == null) {
            out.add("REVOKE ALL ON " + objectClause + " FROM PUBLIC");
            out.add("REVOKE ALL ON " + objectClause + " FROM " + Quote.ident(owner));
        }
        String columnList = column == null ? "" : " (" + Quote.ident(column) + ")";
        List<AclItem> present = new ArrayList<>();
        for (AclItem item : AclItem.parseAll(acl)) {
            if (item.grantee() != null && !roleExists.test(item.grantee())) {
                missing.add(item.grantee());
            } else {
                present.add(item);
            }
        }
        grant(objectClause, columnList, present, out);
        return new Result(out, missing);
    }

    /** GRANTs for the entries in order; privileges held with grant option in a second statement. */
    private static void grant(String objectClause, String columnList, List<AclItem> items, List<String> out) {
        for (AclItem item : items) {
            String to = item.grantee() == null ? "PUBLIC" : Quote.ident(item.grantee());
            String plain = privileges(item.privileges(), item.grantable(), false, columnList);
            String withOption = privileges(item.privileges(), item.grantable(), true, columnList);
            if (!plain.isEmpty()) {
                out.add("GRANT " + plain + " ON " + objectClause + " TO " + to);
            }
            if (!withOption.isEmpty()) {
                out.add("GRANT " + withOption + " ON " + objectClause + " TO " + to + " WITH GRANT OPTION");
            }
        }
    }

    private static String privileges(String letters, String grantable, boolean withOption, String columnList) {
        List<String> names = new ArrayList<>();
        for (char c : letters.toCharArray()) {
            if ((grantable.indexOf(c) >= 0) == withOption) {
                String name = PRIVILEGES.get(c);
                if (name != null) {
                    names.add(name + columnList);
                }
            }
        }
        return String.join(", ", names);
    }
}
