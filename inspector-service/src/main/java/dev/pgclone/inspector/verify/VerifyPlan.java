package dev.pgclone.inspector.verify;

import dev.pgclone.pg.catalog.QualifiedName;
import dev.pgclone.pg.compare.CodePointOrder;
import dev.pgclone.pg.compare.TableInventory.Entry;
import dev.pgclone.pg.compare.TableSignature;
import dev.pgclone.pg.compare.TableSignature.PageRange;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What a verify compares, from the two sides' {@link dev.pgclone.pg.compare.TableInventory}: the tables to report (those
 * of the verified schemas on either side, in schema then name order), the parts each side hashes and how they add up
 * into rows. A pure function of the inventories, so every rule is unit-tested:
 * <ul>
 *   <li>a table's rows are hashed over the columns both sides have, chosen by name in the source's order (so a column
 *       order that differs does not matter), minus the columns excluded for it; columns only one side has make the
 *       table differ, and are named;</li>
 *   <li>a table only one side has is hashed over all its columns, for its row count;</li>
 *   <li>an ordinary table is read {@code ONLY}; a partitioned table's rows are its leaf partitions' (summed, since
 *       signatures add up), so a partition is read once even when it is reported too;</li>
 *   <li>a table of more than {@code pagesPerPart} pages (by {@code relpages}) is split into page ranges, the last one
 *       open-ended, so several sessions share it and progress moves while it is read.</li>
 * </ul>
 */
final class VerifyPlan {

    /** 16384 pages of 8 KiB: 128 MiB per part. */
    static final long DEFAULT_PAGES_PER_PART = 16_384;

    enum Side { SOURCE, TARGET }

    /** An ordinary table of one side whose own rows are read. */
    record TableOnSide(Side side, QualifiedName table) {
    }

    /** Some pages of a table to hash, on one side. */
    record Part(TableOnSide table, List<String> columns, PageRange pages, long weight) {
    }

    /**
     * A table to report.
     *
     * @param dependsOn the ordinary tables whose rows make this one's (itself, or a partitioned table's leaves), both sides
     */
    record Reported(QualifiedName name, Entry source, Entry target, List<String> columnsOnlyInSource,
                    List<String> columnsOnlyInTarget, List<String> excludedColumns, List<TableOnSide> dependsOn) {
    }

    private static final Comparator<QualifiedName> NAME_ORDER = Comparator
            .comparing(QualifiedName::schema, CodePointOrder.ORDER).thenComparing(QualifiedName::name, CodePointOrder.ORDER);

    private final List<Reported> reported;
    private final Map<Side, List<Part>> parts;

    private VerifyPlan(List<Reported> reported, Map<Side, List<Part>> parts) {
        this.reported = List.copyOf(reported);
        this.parts = parts;
    }

    static VerifyPlan of(List<Entry> source, List<Entry> target, Map<QualifiedName, Set<String>> excluded, long pagesPerPart) {
        Map<QualifiedName, Entry> s = byName(source);
        Map<QualifiedName, Entry> t = byName(target);
        Map<QualifiedName, Set<String>> leafExclusions = new HashMap<>();
        for (Entry e : source) {
            addLeafExclusions(e, excluded, leafExclusions);
        }
        for (Entry e : target) {
            addLeafExclusions(e, excluded, leafExclusions);
        }
        Map<Side, List<Part>> parts = Map.of(Side.SOURCE, new ArrayList<>(), Side.TARGET, new ArrayList<>());
        addParts(Side.SOURCE, s, t, excluded, leafExclusions, pagesPerPart, parts.get(Side.SOURCE));
        addParts(Side.TARGET, t, s, excluded, leafExclusions, pagesPerPart, parts.get(Side.TARGET));

        Set<QualifiedName> names = new TreeSet<>(NAME_ORDER);
        source.stream().filter(Entry::listed).forEach(e -> names.add(e.name()));
        target.stream().filter(Entry::listed).forEach(e -> names.add(e.name()));
        List<Reported> reported = new ArrayList<>();
        for (QualifiedName name : names) {
            Entry se = s.get(name);
            Entry te = t.get(name);
            List<String> onlyInSource = se == null || te == null ? List.of()
                    : se.columns().stream().filter(c -> !te.columns().contains(c)).toList();
            List<String> onlyInTarget = se == null || te == null ? List.of()
                    : te.columns().stream().filter(c -> !se.columns().contains(c)).toList();
            List<TableOnSide> dependsOn = new ArrayList<>();
            dependsOn.addAll(dependencies(Side.SOURCE, se));
            dependsOn.addAll(dependencies(Side.TARGET, te));
            List<String> columns = new ArrayList<>(se != null ? se.columns() : te.columns());
            if (se != null && te != null) {
                te.columns().stream().filter(c -> !se.columns().contains(c)).forEach(columns::add);
            }
            Set<String> exclusions = exclusions(name, excluded, leafExclusions);
            reported.add(new Reported(name, se, te, onlyInSource, onlyInTarget,
                    columns.stream().filter(exclusions::contains).toList(), dependsOn));
        }
        return new VerifyPlan(reported, parts);
    }

    List<Reported> reported() {
        return reported;
    }

    /** The names of the tables reported. */
    Set<QualifiedName> reportedNames() {
        Set<QualifiedName> names = new java.util.HashSet<>();
        reported.forEach(r -> names.add(r.name()));
        return names;
    }

    /** The parts of one side, biggest first (so the last parts to finish are small ones). */
    List<Part> parts(Side side) {
        return parts.get(side);
    }

    /** The rows of an exact verify, once every part's signature is known (summed by table). */
    List<VerifyRow> exactRows(Map<TableOnSide, TableSignature> signatures) {
        List<VerifyRow> rows = new ArrayList<>();
        for (Reported r : reported) {
            TableSignature source = r.source() == null ? null : sum(r, Side.SOURCE, signatures);
            TableSignature target = r.target() == null ? null : sum(r, Side.TARGET, signatures);
            String match;
            List<String> reasons = new ArrayList<>();
            if (target == null) {
                match = VerifyRow.MISSING;
                reasons.add("missing on the target");
            } else if (source == null) {
                match = VerifyRow.EXTRA;
                reasons.add("only on the target");
            } else {
                if (r.source().kind() != r.target().kind()) {
                    reasons.add((r.source().partitioned() ? "partitioned" : "not partitioned") + " on the source, "
                            + (r.target().partitioned() ? "partitioned" : "not partitioned") + " on the target");
                }
                if (!r.columnsOnlyInSource().isEmpty()) {
                    reasons.add("columns only on the source: " + String.join(", ", r.columnsOnlyInSource()));
                }
                if (!r.columnsOnlyInTarget().isEmpty()) {
                    reasons.add("columns only on the target: " + String.join(", ", r.columnsOnlyInTarget()));
                }
                if (source.rows() != target.rows()) {
                    reasons.add("row counts differ");
                } else if (!source.hash().equals(target.hash())) {
                    reasons.add("same row count, different rows");
                }
                match = reasons.isEmpty() ? VerifyRow.MATCH : VerifyRow.DIFFERENT;
            }
            rows.add(new VerifyRow(r.name().schema(), r.name().name(), source == null ? 0L : source.rows(),
                    target == null ? 0L : target.rows(), match, source == null ? null : source.hash(),
                    target == null ? null : target.hash(), reasons.isEmpty() ? null : String.join("; ", reasons),
                    r.excludedColumns()));
        }
        return rows;
    }

    /**
     * The rows of an estimate: the planner's {@code reltuples} as pgclone reads them, a partitioned table's summed over
     * its leaves. A side never analyzed ({@code reltuples = -1}) gives no number: {@link VerifyRow#UNKNOWN}, not a ✗.
     */
    List<VerifyRow> estimateRows(Map<QualifiedName, Entry> sourceEntries, Map<QualifiedName, Entry> targetEntries) {
        List<VerifyRow> rows = new ArrayList<>();
        for (Reported r : reported) {
            Long source = r.source() == null ? null : estimate(r.source(), sourceEntries);
            Long target = r.target() == null ? null : estimate(r.target(), targetEntries);
            String match;
            String reason = null;
            if (r.target() == null) {
                match = VerifyRow.MISSING;
                reason = "missing on the target";
                target = 0L;
            } else if (r.source() == null) {
                match = VerifyRow.EXTRA;
                reason = "only on the target";
                source = 0L;
            } else if (source == null || target == null) {
                match = VerifyRow.UNKNOWN;
                reason = "never analyzed on the " + (source == null && target == null ? "source and the target"
                        : source == null ? "source" : "target") + ": run ANALYZE, or verify in exact mode";
            } else {
                match = source.equals(target) ? VerifyRow.MATCH : VerifyRow.DIFFERENT;
                reason = source.equals(target) ? null : "estimated row counts differ";
            }
            rows.add(new VerifyRow(r.name().schema(), r.name().name(), source, target, match, null, null, reason,
                    r.excludedColumns()));
        }
        return rows;
    }

    static Map<QualifiedName, Entry> byName(List<Entry> entries) {
        Map<QualifiedName, Entry> out = new TreeMap<>(NAME_ORDER);
        for (Entry e : entries) {
            out.put(e.name(), e);
        }
        return out;
    }

    private static Long estimate(Entry entry, Map<QualifiedName, Entry> entries) {
        if (!entry.partitioned()) {
            return entry.estimatedRows() < 0 ? null : Math.round(entry.estimatedRows());
        }
        long sum = 0;
        for (QualifiedName leaf : entry.leaves()) {
            Entry e = entries.get(leaf);
            if (e == null || e.estimatedRows() < 0) {
                return null;
            }
            sum += Math.round(e.estimatedRows());
        }
        return sum;
    }

    private static TableSignature sum(Reported r, Side side, Map<TableOnSide, TableSignature> signatures) {
        TableSignature total = TableSignature.EMPTY;
        for (TableOnSide t : r.dependsOn()) {
            if (t.side() == side) {
                total = total.plus(signatures.getOrDefault(t, TableSignature.EMPTY));
            }
        }
        return total;
    }

    private static List<TableOnSide> dependencies(Side side, Entry entry) {
        if (entry == null) {
            return List.of();
        }
        return entry.partitioned() ? entry.leaves().stream().map(l -> new TableOnSide(side, l)).toList()
                : List.of(new TableOnSide(side, entry.name()));
    }

    private static void addParts(Side side, Map<QualifiedName, Entry> mine, Map<QualifiedName, Entry> other,
                                 Map<QualifiedName, Set<String>> excluded, Map<QualifiedName, Set<String>> leafExclusions,
                                 long pagesPerPart, List<Part> out) {
        for (Entry e : mine.values()) {
            if (e.partitioned()) {
                continue;
            }
            // Columns chosen by name, in the source's order, so both sides hash the same text for the same row.
            Entry o = other.get(e.name());
            List<String> columns;
            if (o == null || o.partitioned()) {
                columns = e.columns();
            } else {
                Entry source = side == Side.SOURCE ? e : o;
                Entry target = side == Side.SOURCE ? o : e;
                columns = source.columns().stream().filter(target.columns()::contains).toList();
            }
            Set<String> exclusions = exclusions(e.name(), excluded, leafExclusions);
            columns = columns.stream().filter(c -> !exclusions.contains(c)).toList();
            TableOnSide table = new TableOnSide(side, e.name());
            long pages = Math.max(e.pages(), 0);
            if (pages <= pagesPerPart) {
                out.add(new Part(table, columns, PageRange.ALL, pages));
            } else {
                for (long from = 0; from < pages; from += pagesPerPart) {
                    Long to = from + pagesPerPart >= pages ? null : from + pagesPerPart;
                    out.add(new Part(table, columns, new PageRange(from, to), Math.min(pagesPerPart, pages - from)));
                }
            }
        }
        out.sort(Comparator.comparingLong(Part::weight).reversed());
    }

    /** A partitioned table's excluded columns apply to its leaves. */
    private static void addLeafExclusions(Entry e, Map<QualifiedName, Set<String>> excluded,
                                          Map<QualifiedName, Set<String>> leafExclusions) {
        Set<String> own = excluded.get(e.name());
        if (e.partitioned() && own != null) {
            for (QualifiedName leaf : e.leaves()) {
                leafExclusions.computeIfAbsent(leaf, k -> new LinkedHashSet<>()).addAll(own);
            }
        }
    }

    private static Set<String> exclusions(QualifiedName table, Map<QualifiedName, Set<String>> excluded,
                                          Map<QualifiedName, Set<String>> leafExclusions) {
        Set<String> out = new LinkedHashSet<>(excluded.getOrDefault(table, Set.of()));
        out.addAll(leafExclusions.getOrDefault(table, Set.of()));
        return out;
    }
}
