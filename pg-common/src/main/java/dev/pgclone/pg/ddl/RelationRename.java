package dev.pgclone.pg.ddl;

import dev.pgclone.pg.Identifiers;
import dev.pgclone.pg.Quote;
import dev.pgclone.pg.catalog.NameCatalog;
import dev.pgclone.pg.catalog.QualifiedName;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Moving a relation out of the way of a clone ({@code conflict: rename}): it becomes {@code <name>_old} and every
 * schema-scoped name its dependents hold moves with it ({@code t_pkey} → {@code t_old_pkey}, {@code by_day} →
 * {@code by_day_old}), so whatever the clone creates can be created and the old relation keeps working: its data,
 * keys, indexes, defaults calling its (renamed, not dropped) sequences, triggers and policies.
 *
 * <p>What moves (see {@link NameCatalog} for why only these): the relation with its row type (renamed by PostgreSQL
 * with the table), its primary key, unique and exclusion constraints (renamed as constraints, which renames their
 * indexes), its other indexes, its serial and identity sequences and its extended statistics. Check and foreign key
 * constraints, triggers, policies and rules are named per table and stay as they are.
 *
 * <p>Names stay within PostgreSQL's 63 bytes: when {@code <name>_old} would be longer, the name is cut before the
 * suffix (as PostgreSQL names a constraint's index), and a cut name that is already taken (say, two long names
 * that share their first 59 bytes) gets {@code _old1}, {@code _old2}, … instead; the choice depends only on the
 * names, so it is the same on every run. A {@code <name>_old} that fits and already exists is refused: the relation
 * is probably the leftover of an earlier rename, and someone should look at it.
 */
public final class RelationRename {

    public static final String SUFFIX = "_old";

    /**
     * One dependent's new name.
     *
     * @param dependent what it is and its current name
     * @param newName   its name after the rename
     */
    public record Moved(NameCatalog.Dependent dependent, String newName) {
    }

    /**
     * The rename of one relation.
     *
     * @param relation the relation as it is now
     * @param keyword  what ALTER calls it ({@code TABLE}, {@code VIEW}, {@code MATERIALIZED VIEW}, {@code SEQUENCE}, …)
     * @param newName  its new name, in the same schema
     * @param moved    its dependents' new names
     */
    public record Plan(QualifiedName relation, String keyword, String newName, List<Moved> moved) {

        public Plan {
            moved = List.copyOf(moved);
        }

        /** Whether the new name is not simply {@code <name>_old} (the 63-byte limit, or a clash after cutting). */
        public boolean shortened() {
            return !newName.equals(relation.name() + SUFFIX);
        }

        /** The relation first, then its dependents; all in the caller's transaction. */
        public List<String> statements() {
            List<String> out = new ArrayList<>();
            out.add("ALTER " + keyword + " " + relation.quoted() + " RENAME TO " + Quote.ident(newName));
            for (Moved m : moved) {
                NameCatalog.Dependent d = m.dependent();
                out.add(switch (d.kind()) {
                    case CONSTRAINT -> "ALTER TABLE " + Quote.qualified(relation.schema(), newName) + " RENAME CONSTRAINT "
                            + Quote.ident(d.name()) + " TO " + Quote.ident(m.newName());
                    case INDEX -> "ALTER INDEX " + Quote.qualified(d.schema(), d.name()) + " RENAME TO "
                            + Quote.ident(m.newName());
                    case SEQUENCE -> "ALTER SEQUENCE " + Quote.qualified(d.schema(), d.name()) + " RENAME TO "
                            + Quote.ident(m.newName());
                    case STATISTICS -> "ALTER STATISTICS " + Quote.qualified(d.schema(), d.name()) + " RENAME TO "
                            + Quote.ident(m.newName());
                });
            }
            return out;
        }

        /** For a warning: {@code t_pkey → t_old_pkey, t_id_seq → t_old_id_seq}. */
        public String describeMoves() {
            return moved.stream().map(m -> {
                NameCatalog.Dependent d = m.dependent();
                return (d.schema().equals(relation.schema()) ? "" : d.schema() + ".") + d.name() + " → " + m.newName();
            }).collect(Collectors.joining(", "));
        }
    }

    private RelationRename() {
    }

    /**
     * @param relation   the relation to move
     * @param keyword    what ALTER calls it
     * @param dependents its dependents' schema-scoped names ({@link NameCatalog#dependents})
     * @param taken      the names a schema holds now ({@link NameCatalog#taken})
     * @param reserved   the relation names the clone is about to create (never chosen)
     * @throws DdlException when {@code <name>_old} exists, or the clone itself creates it
     */
    public static Plan plan(QualifiedName relation, String keyword, List<NameCatalog.Dependent> dependents,
                            Function<String, NameCatalog.SchemaNames> taken, Set<QualifiedName> reserved) {
        Map<String, Set<String>> relationNames = new HashMap<>();
        Map<String, Set<String>> statisticsNames = new HashMap<>();
        Function<String, Set<String>> unavailableRelations = schema -> relationNames.computeIfAbsent(schema, s -> {
            Set<String> names = new HashSet<>(taken.apply(s).relations());
            reserved.stream().filter(r -> r.schema().equals(s)).forEach(r -> names.add(r.name()));
            return names;
        });
        Function<String, Set<String>> unavailableStatistics = schema -> statisticsNames.computeIfAbsent(schema,
                s -> new HashSet<>(taken.apply(s).statistics()));
        String schema = relation.schema();
        String simple = relation.name() + SUFFIX;
        String newName;
        if (Identifiers.fits(simple)) {
            if (taken.apply(schema).relations().contains(simple)) {
                throw new DdlException("cannot rename " + relation + " to " + simple + ": " + schema + "." + simple
                        + " already exists on the target");
            }
            if (reserved.contains(new QualifiedName(schema, simple))) {
                throw new DdlException("cannot rename " + relation + " to " + simple + ": the clone creates " + schema + "."
                        + simple + " itself");
            }
            newName = simple;
        } else {
            newName = firstFree(relation.name(), unavailableRelations.apply(schema));
        }
        unavailableRelations.apply(schema).add(newName);
        List<Moved> moved = new ArrayList<>();
        String prefix = relation.name() + "_";
        for (NameCatalog.Dependent d : dependents) {
            Set<String> names = d.kind() == NameCatalog.Kind.STATISTICS ? unavailableStatistics.apply(d.schema())
                    : unavailableRelations.apply(d.schema());
            String preferred = d.name().startsWith(prefix)
                    ? Identifiers.withSuffix(newName, d.name().substring(relation.name().length()))
                    : Identifiers.withSuffix(d.name(), SUFFIX);
            String chosen = names.contains(preferred) ? firstFree(d.name(), names) : preferred;
            names.add(chosen);
            moved.add(new Moved(d, chosen));
        }
        return new Plan(relation, keyword, newName, moved);
    }

    /** {@code name_old}, else {@code name_old1}, {@code name_old2}, …, each cut to fit: the first not in {@code used}. */
    private static String firstFree(String name, Set<String> used) {
        String candidate = Identifiers.withSuffix(name, SUFFIX);
        for (int n = 1; used.contains(candidate); n++) {
            candidate = Identifiers.withSuffix(name, SUFFIX + n);
        }
        return candidate;
    }
}
