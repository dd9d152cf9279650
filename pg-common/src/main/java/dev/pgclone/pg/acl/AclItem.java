package dev.pgclone.pg.acl;

import java.util.ArrayList;
import java.util.List;

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
