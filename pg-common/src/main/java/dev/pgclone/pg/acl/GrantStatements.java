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
 * the same GRANTs). Entries for roles the target lacks are left out and reported.
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
        for (AclItem item : AclItem.parseAll(acl)) {
            if (item.grantee() != null && !roleExists.test(item.grantee())) {
                missing.add(item.grantee());
                continue;
            }
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
        return new Result(out, missing);
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
