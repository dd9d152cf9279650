package dev.pgclone.pg.mask;

import dev.pgclone.contracts.ErrorCode;
import dev.pgclone.contracts.mask.ColumnMask;
import dev.pgclone.contracts.mask.ColumnMasks;
import dev.pgclone.contracts.mask.MaskErrorPolicy;
import dev.pgclone.contracts.mask.MaskRule;
import dev.pgclone.contracts.mask.MaskStrategy;
import dev.pgclone.contracts.mask.TableMasks;
import dev.pgclone.pg.catalog.QualifiedName;
import dev.pgclone.pg.failure.FatalFailure;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The fail-closed checks of a clone's masks, as pure functions over column facts ({@link MaskCatalog} reads them
 * under the job's snapshot). Before any data moves, every mask either applies (its column is read through it on the
 * source), or, with {@code on_mask_error: skip}, its column is cloned as NULL with a warning, or the job fails naming
 * table, column and reason. No outcome copies a masked column's raw values.
 */
public final class MaskCheck {

    /** Hex characters below which a hash is too short to promise distinct outputs for a key column. */
    public static final int MIN_UNIQUE_HASH = 16;
    private static final int MD5_HEX = 32;
    private static final int SHA256_HEX = 64;

    private MaskCheck() {
    }

    /**
     * What the checks need to know of a column.
     *
     * @param type          {@code format_type()} (what a value must be cast to)
     * @param category      the base type's {@code pg_type.typcategory} (a domain's is its base type's)
     * @param baseType      the base type's name ({@code int4}, {@code numeric}, {@code varchar}, …)
     * @param charMaxLength declared length of {@code varchar(n)} / {@code char(n)}, 0 for none
     * @param precision     {@code numeric(p, s)}: p, else null
     * @param scale         {@code numeric(p, s)}: s, else null
     * @param inPrimaryKey  part of the primary key
     * @param inUnique      used by a unique constraint or unique index (keys, expressions, predicate), primary key too
     */
    public record ColumnFacts(String name, String type, char category, String baseType, int charMaxLength,
                              Integer precision, Integer scale, boolean notNull, boolean generated,
                              boolean inPrimaryKey, boolean inUnique) {
    }

    /**
     * A planned table.
     *
     * @param oid     source oid
     * @param name    source name
     * @param parents partition parent or inheritance parents (their masks apply to its rows too)
     * @param columns its columns
     * @param copied  the columns a copy reads ({@code columns} option applied, generated ones left out)
     */
    public record TableFacts(long oid, QualifiedName name, List<QualifiedName> parents, List<ColumnFacts> columns,
                             Set<String> copied) {

        Optional<ColumnFacts> column(String column) {
            return columns.stream().filter(c -> c.name().equals(column)).findFirst();
        }
    }

    /** A foreign key the clone creates, both tables in the clone. */
    public record ForeignKey(String name, QualifiedName table, List<String> columns, QualifiedName referenced,
                             List<String> referencedColumns) {
    }

    /** Whether a cast of {@code value} to the column's type is accepted: null when it is, else why not. */
    @FunctionalInterface
    public interface ConstantProbe {
        String refusal(ColumnFacts column, String value);
    }

    /**
     * @param mask          a table clone's {@code mask} (its one table), or null
     * @param masks         a schema or database clone's {@code masks}, or null
     * @param tables        every planned table
     * @param foreignKeys   foreign keys the clone creates (empty with {@code constraints: false})
     * @param keyConfigured whether the coordinator has a {@code keyed_hash} key
     */
    public record Request(ColumnMasks mask, TableMasks masks, MaskErrorPolicy policy, List<TableFacts> tables,
                          List<ForeignKey> foreignKeys, boolean keyConfigured, ConstantProbe constants) {
    }

    /**
     * One masked column as decided.
     *
     * @param requested the rule asked for
     * @param nulled    why the column is cloned as NULL instead ({@code on_mask_error: skip}), else null
     */
    public record Decision(long oid, QualifiedName table, String column, MaskRule requested, int charMaxLength,
                           String nulled) {

        /** What the copy task carries. */
        public ColumnMask mask() {
            return new ColumnMask(column, nulled == null ? requested : MaskRule.of(MaskStrategy.NULL),
                    nulled == null ? charMaxLength : 0);
        }
    }

    /**
     * The checks' verdict: per table oid its decisions (tables without masks absent), and warnings for the job.
     */
    public record Outcome(Map<Long, List<Decision>> byTable, List<String> warnings) {

        public List<ColumnMask> masks(long oid) {
            return byTable.getOrDefault(oid, List.of()).stream().map(Decision::mask).toList();
        }

        public List<Decision> decisions() {
            return byTable.values().stream().flatMap(List::stream).toList();
        }

        public boolean usesKey() {
            return decisions().stream().anyMatch(d -> d.nulled() == null
                    && d.requested().strategy() == MaskStrategy.KEYED_HASH);
        }

        public boolean isEmpty() {
            return byTable.isEmpty();
        }
    }

    /** The masks fail closed: the job stops before anything is created. */
    public static final class MaskRefusedException extends FatalFailure {
        private final List<String> problems;

        public MaskRefusedException(ErrorCode code, List<String> problems) {
            super(code, "the masks cannot apply, so nothing was cloned (no data left the source): "
                    + String.join("; ", problems));
            this.problems = List.copyOf(problems);
        }

        /** A refusal worded for what refused it (an in-place run, a masking policy): the message is the one problem. */
        public MaskRefusedException(ErrorCode code, String message) {
            super(code, message);
            this.problems = List.of(message);
        }

        /** Each table, column and reason. */
        public List<String> problems() {
            return problems;
        }
    }

    /**
     * The rules that apply to each table: its own (schema-qualified key first, then the bare name) and those of its
     * ancestors (a partition's or inheritance child's rows are copied by a task of their own, and read through the
     * parent they are the parent's rows); for a column named by several, the table's own rule wins, then the nearest
     * ancestor's.
     */
    public static Map<Long, Map<String, MaskRule>> resolve(Request request) {
        Map<QualifiedName, TableFacts> byName = new HashMap<>();
        request.tables().forEach(t -> byName.put(t.name(), t));
        Map<Long, Map<String, MaskRule>> out = new LinkedHashMap<>();
        for (TableFacts t : request.tables()) {
            Map<String, MaskRule> rules = new LinkedHashMap<>();
            if (request.mask() != null) {
                rules.putAll(request.mask().columns());
            } else if (request.masks() != null) {
                Set<QualifiedName> seen = new LinkedHashSet<>();
                List<QualifiedName> todo = new ArrayList<>(List.of(t.name()));
                while (!todo.isEmpty()) {
                    QualifiedName n = todo.remove(0);
                    if (!seen.add(n)) {
                        continue;
                    }
                    request.masks().forTable(n.schema(), n.name())
                            .ifPresent(cm -> cm.columns().forEach(rules::putIfAbsent));
                    TableFacts facts = byName.get(n);
                    if (facts != null) {
                        todo.addAll(facts.parents());
                    }
                }
            }
            if (!rules.isEmpty()) {
                out.put(t.oid(), rules);
            }
        }
        return out;
    }

    /**
     * Runs every check.
     *
     * @throws MaskRefusedException naming every table, column and reason that stops the job
     */
    public static Outcome check(Request request) {
        List<String> errors = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        boolean keyMissing = false;
        if (request.masks() != null) {
            for (String key : request.masks().unmatchedKeys(request.tables().stream()
                    .map(t -> new dev.pgclone.contracts.task.TableRef(t.name().schema(), t.name().name())).toList())) {
                errors.add("masks." + key + ": matches no table of the clone");
            }
        }
        boolean skip = request.policy() == MaskErrorPolicy.SKIP;
        Map<Long, Map<String, MaskRule>> resolved = resolve(request);
        Map<Long, Map<String, Decision>> decided = new LinkedHashMap<>();
        Map<QualifiedName, TableFacts> byName = new HashMap<>();
        for (TableFacts t : request.tables()) {
            byName.put(t.name(), t);
            Map<String, MaskRule> rules = resolved.get(t.oid());
            if (rules == null) {
                continue;
            }
            Map<String, Decision> decisions = new LinkedHashMap<>();
            for (Map.Entry<String, MaskRule> e : rules.entrySet()) {
                String where = t.name() + "." + e.getKey();
                Optional<ColumnFacts> found = t.column(e.getKey());
                if (found.isEmpty()) {
                    errors.add(where + ": no such column");
                    continue;
                }
                ColumnFacts c = found.get();
                if (c.generated()) {
                    errors.add(where + ": a generated column is computed on the target, never copied; mask the "
                            + "columns it is computed from instead");
                    continue;
                }
                if (!t.copied().contains(c.name())) {
                    warnings.add("mask on " + where + " not needed: the column is not cloned (\"columns\")");
                    continue;
                }
                MaskRule rule = e.getValue();
                String problem = problem(rule, c, request);
                if (problem == null) {
                    decisions.put(c.name(), new Decision(t.oid(), t.name(), c.name(), rule, c.charMaxLength(), null));
                    continue;
                }
                if (rule.strategy() == MaskStrategy.KEYED_HASH && !request.keyConfigured()) {
                    keyMissing = true;
                }
                String nullRefusal = nullRefusal(c);
                if (!skip || nullRefusal != null) {
                    errors.add(where + ": " + problem + (skip ? "; on_mask_error \"skip\" cannot clone it as NULL: "
                            + nullRefusal : ""));
                    continue;
                }
                decisions.put(c.name(), new Decision(t.oid(), t.name(), c.name(), rule, c.charMaxLength(), problem));
                warnings.add(where + ": " + problem + "; cloned as NULL (on_mask_error: skip)");
            }
            decided.put(t.oid(), decisions);
        }
        checkForeignKeys(request, byName, decided, skip, errors, warnings);
        if (!errors.isEmpty()) {
            ErrorCode code = keyMissing && errors.stream().allMatch(m -> m.contains("keyed_hash needs"))
                    ? ErrorCode.MASK_KEY_MISSING : ErrorCode.MASK_INVALID;
            throw new MaskRefusedException(code, errors);
        }
        Map<Long, List<Decision>> byTable = new LinkedHashMap<>();
        decided.forEach((oid, d) -> {
            if (!d.isEmpty()) {
                byTable.put(oid, List.copyOf(d.values()));
            }
        });
        return new Outcome(byTable, warnings);
    }

    /** Why a rule cannot apply to a column, null when it can. */
    static String problem(MaskRule rule, ColumnFacts c, Request request) {
        MaskStrategy s = rule.strategy();
        String fit = switch (s.output()) {
            case TEXT -> c.category() == 'S' ? null : "\"" + s.json() + "\" produces text and the column is "
                    + c.type() + " (only string types can hold it)";
            case INTEGER -> randomIntFit(rule, c);
            case NULL -> c.notNull() ? "\"null\" on a NOT NULL column" : null;
            case ANY -> {
                String refusal = request.constants().refusal(c, rule.value());
                yield refusal == null ? null : "\"constant\" value is not accepted by " + c.type() + ": " + refusal;
            }
        };
        if (fit != null) {
            return fit;
        }
        if (s == MaskStrategy.KEYED_HASH && !request.keyConfigured()) {
            return "keyed_hash needs the deployment key (pgclone.masking.key) and the coordinator has none";
        }
        if (c.inUnique() && !injective(rule, c)) {
            return "\"" + s.json() + "\" can give equal values for different rows and the column is part of a "
                    + (c.inPrimaryKey() ? "primary key" : "unique constraint or index")
                    + " (only hash and keyed_hash, uncut, keep values distinct)";
        }
        return null;
    }

    /** Whether distinct inputs stay distinct: a hash kept whole enough, not cut by the column's length. */
    static boolean injective(MaskRule rule, ColumnFacts c) {
        if (!rule.strategy().injective()) {
            return false;
        }
        int length = rule.strategy() == MaskStrategy.HASH ? MD5_HEX
                : rule.length() == null ? SHA256_HEX : rule.length();
        if (c.charMaxLength() > 0) {
            length = Math.min(length, c.charMaxLength());
        }
        return length >= MIN_UNIQUE_HASH;
    }

    private static String randomIntFit(MaskRule rule, ColumnFacts c) {
        if (c.category() == 'S') {
            return null;
        }
        if (c.category() != 'N') {
            return "\"random_int\" produces an integer and the column is " + c.type();
        }
        BigInteger[] range = switch (c.baseType()) {
            case "int2" -> new BigInteger[] {BigInteger.valueOf(Short.MIN_VALUE), BigInteger.valueOf(Short.MAX_VALUE)};
            case "int4" -> new BigInteger[] {BigInteger.valueOf(Integer.MIN_VALUE), BigInteger.valueOf(Integer.MAX_VALUE)};
            case "int8", "float4", "float8", "money" -> new BigInteger[] {BigInteger.valueOf(Long.MIN_VALUE),
                    BigInteger.valueOf(Long.MAX_VALUE)};
            case "oid" -> new BigInteger[] {BigInteger.ZERO, BigInteger.valueOf(4_294_967_295L)};
            case "numeric" -> {
                if (c.precision() == null) {
                    yield new BigInteger[] {BigInteger.valueOf(Long.MIN_VALUE), BigInteger.valueOf(Long.MAX_VALUE)};
                }
                int digits = c.precision() - (c.scale() == null ? 0 : c.scale());
                BigInteger limit = digits <= 0 ? BigInteger.ZERO : BigInteger.TEN.pow(digits).subtract(BigInteger.ONE);
                yield new BigInteger[] {limit.negate(), limit};
            }
            default -> null;
        };
        if (range == null) {
            return "\"random_int\" produces an integer and the column is " + c.type();
        }
        if (BigInteger.valueOf(rule.min()).compareTo(range[0]) < 0 || BigInteger.valueOf(rule.max()).compareTo(range[1]) > 0) {
            return "\"random_int\" range " + rule.min() + ".." + rule.max() + " does not fit " + c.type()
                    + " (" + range[0] + ".." + range[1] + ")";
        }
        return null;
    }

    /** Why NULL cannot go into the column either, null when it can. */
    private static String nullRefusal(ColumnFacts c) {
        if (c.inPrimaryKey()) {
            return "the column is part of the primary key";
        }
        return c.notNull() ? "the column is NOT NULL" : null;
    }

    /**
     * Equal keys must stay equal across a foreign key: both sides unmasked, or both masked by the same deterministic
     * rule. Otherwise, with {@code skip}, the referencing columns are cloned as NULL (a NULL reference never
     * violates it) when they can be; a masked referenced side with an unmasked referencing one always fails.
     */
    private static void checkForeignKeys(Request request, Map<QualifiedName, TableFacts> byName,
                                         Map<Long, Map<String, Decision>> decided, boolean skip, List<String> errors,
                                         List<String> warnings) {
        for (ForeignKey fk : request.foreignKeys()) {
            TableFacts child = byName.get(fk.table());
            TableFacts parent = byName.get(fk.referenced());
            if (child == null || parent == null) {
                continue;
            }
            Map<String, Decision> childMasks = decided.computeIfAbsent(child.oid(), k -> new LinkedHashMap<>());
            Map<String, Decision> parentMasks = decided.getOrDefault(parent.oid(), Map.of());
            for (int i = 0; i < fk.columns().size(); i++) {
                String column = fk.columns().get(i);
                Decision mine = childMasks.get(column);
                Decision theirs = parentMasks.get(fk.referencedColumns().get(i));
                MaskRule a = effective(mine);
                MaskRule b = effective(theirs);
                boolean sameCut = mine == null || theirs == null || mine.charMaxLength() == theirs.charMaxLength();
                if ((a == null && b == null) || (a != null && a.strategy() == MaskStrategy.NULL)
                        || (a != null && a.sameDeterministicAs(b) && sameCut)) {
                    continue;
                }
                String where = fk.table() + "." + column;
                String problem = "foreign key " + fk.name() + " references " + fk.referenced() + "."
                        + fk.referencedColumns().get(i) + ", which is " + describe(b) + ", and this column is "
                        + describe(a) + (sameCut ? "" : " cut to another length")
                        + " (equal keys must stay equal: mask both with the same deterministic rule)";
                ColumnFacts facts = child.column(column).orElseThrow();
                String nullRefusal = nullRefusal(facts);
                if (!skip || a == null || nullRefusal != null) {
                    errors.add(where + ": " + problem + (skip && a != null ? "; on_mask_error \"skip\" cannot clone "
                            + "it as NULL: " + nullRefusal : ""));
                    continue;
                }
                childMasks.put(column, new Decision(child.oid(), child.name(), column, mine.requested(),
                        mine.charMaxLength(), problem));
                warnings.add(where + ": " + problem + "; cloned as NULL (on_mask_error: skip)");
            }
        }
    }

    private static MaskRule effective(Decision d) {
        if (d == null) {
            return null;
        }
        return d.nulled() == null ? d.requested() : MaskRule.of(MaskStrategy.NULL);
    }

    private static String describe(MaskRule rule) {
        return rule == null ? "not masked" : "masked with " + rule;
    }
}
