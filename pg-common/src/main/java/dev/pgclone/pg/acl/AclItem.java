package dev.pgclone.pg.acl;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

/**
 * One entry of a PostgreSQL ACL, parsed from its text form {@code grantee=privileges/grantor} (an empty grantee is
 * PUBLIC; a {@code *} after a privilege letter is the grant option; names may be double-quoted).
 *
 * @param grantee    role name, or null for PUBLIC
 * @param privileges privilege letters without grant options ({@code arwdDxtm…})
 * @param grantable  letters held WITH GRANT OPTION
 * @param grantor    role that granted
 */
public record AclItem(String grantee, String privileges, String grantable, String grantor) {

    public static AclItem parse(String text) {
        int[] pos = {0};
        String grantee = name(text, pos);
        expect(text, pos, '=');
        StringBuilder privs = new StringBuilder();
        StringBuilder options = new StringBuilder();
        while (pos[0] < text.length() && text.charAt(pos[0]) != '/') {
            char c = text.charAt(pos[0]++);
            privs.append(c);
            if (pos[0] < text.length() && text.charAt(pos[0]) == '*') {
                options.append(c);
                pos[0]++;
            }
        }
        expect(text, pos, '/');
        String grantor = name(text, pos);
        return new AclItem(grantee.isEmpty() ? null : grantee, privs.toString(), options.toString(), grantor);
    }

    public static List<AclItem> parseAll(List<String> acl) {
        List<AclItem> out = new ArrayList<>();
        acl.forEach(a -> out.add(parse(a)));
        return out;
    }

    /** The entry an owner has when the ACL is NULL: {@code owner=<privileges>/owner}. */
    public static AclItem ownerDefault(String owner, String privileges) {
        return new AclItem(owner, privileges, "", owner);
    }

    /**
     * What {@code ALTER … OWNER TO} does to an ACL (PostgreSQL's {@code aclnewowner}): the old owner becomes the new
     * one, as grantee and as grantor; entries that then name the same grantee and grantor are merged into the first.
     *
     * @return the new ACL; null (a NULL ACL, the defaults) stays null
     */
    public static List<AclItem> ownerChanged(List<AclItem> acl, String from, String to) {
        if (acl == null) {
            return null;
        }
        List<AclItem> out = new ArrayList<>();
        for (AclItem item : acl) {
            AclItem moved = new AclItem(from.equals(item.grantee) ? to : item.grantee, item.privileges, item.grantable,
                    from.equals(item.grantor) ? to : item.grantor);
            int same = -1;
            for (int i = 0; i < out.size(); i++) {
                if (Objects.equals(out.get(i).grantee, moved.grantee) && Objects.equals(out.get(i).grantor, moved.grantor)) {
                    same = i;
                }
            }
            if (same < 0) {
                out.add(moved);
            } else {
                AclItem first = out.get(same);
                out.set(same, new AclItem(first.grantee, union(first.privileges, moved.privileges),
                        union(first.grantable, moved.grantable), first.grantor));
            }
        }
        return out;
    }

    /** Same grantee, grantor, privileges and grant options (letter order aside). */
    public boolean sameAs(AclItem other) {
        return Objects.equals(grantee, other.grantee) && Objects.equals(grantor, other.grantor)
                && letters(privileges).equals(letters(other.privileges)) && letters(grantable).equals(letters(other.grantable));
    }

    private static String union(String a, String b) {
        StringBuilder out = new StringBuilder(a);
        b.chars().filter(c -> a.indexOf(c) < 0).forEach(c -> out.append((char) c));
        return out.toString();
    }

    private static TreeSet<Character> letters(String s) {
        TreeSet<Character> out = new TreeSet<>();
        s.chars().forEach(c -> out.add((char) c));
        return out;
    }

    /** A role name: bare up to the next delimiter, or double-quoted with "" for a quote. */
    private static String name(String text, int[] pos) {
        StringBuilder out = new StringBuilder();
        if (pos[0] < text.length() && text.charAt(pos[0]) == '"') {
            pos[0]++;
            while (pos[0] < text.length()) {
                char c = text.charAt(pos[0]++);
                if (c == '"') {
                    if (pos[0] < text.length() && text.charAt(pos[0]) == '"') {
                        out.append('"');
                        pos[0]++;
                    } else {
                        break;
                    }
                } else {
                    out.append(c);
                }
            }
            return out.toString();
        }
        while (pos[0] < text.length() && text.charAt(pos[0]) != '=' && text.charAt(pos[0]) != '/') {
            out.append(text.charAt(pos[0]++));
        }
        return out.toString();
    }

    private static void expect(String text, int[] pos, char c) {
        if (pos[0] >= text.length() || text.charAt(pos[0]) != c) {
            throw new IllegalArgumentException("not an aclitem: " + text);
        }
        pos[0]++;
    }
}
