package dev.pgclone.pg.catalog;

import java.util.List;

/**
 * A user-defined type: enum ('e'), domain ('d'), composite ('c') or range ('r').
 *
 * @param relid       a composite type's relation (its attributes' dependencies are recorded there), else 0
 * @param definition  the CREATE statement, qualified
 * @param constraints domain constraints as {@code ALTER DOMAIN … ADD CONSTRAINT …} statements
 */
public record TypeDef(long oid, QualifiedName name, char typtype, long relid, String definition, List<String> constraints,
                      String owner, List<String> acl, String comment) {

    public TypeDef {
        constraints = List.copyOf(constraints);
        acl = List.copyOf(acl);
    }

    public String keyword() {
        return typtype == 'd' ? "DOMAIN" : "TYPE";
    }
}
