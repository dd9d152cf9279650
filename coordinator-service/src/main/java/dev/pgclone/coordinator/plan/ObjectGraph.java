package dev.pgclone.coordinator.plan;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Orders objects so each is created after what it depends on (a topological sort, ties broken by a rank per kind
 * and then by name, as pg_dump does). A cycle is broken at an edge marked breakable (a column default calling a
 * function that itself needs the table: the default is set after both exist). The caller learns which edges were
 * broken through their tokens. A cycle without a breakable edge is an error naming its members.
 *
 * @param <T> the objects
 */
final class ObjectGraph<T> {

    /** An edge {@code from} → {@code to}: {@code from} needs {@code to}. A breakable edge carries a token. */
    private record Edge(String from, String to, String breakToken) {
    }

    private final Map<String, T> nodes = new LinkedHashMap<>();
    private final List<Edge> edges = new ArrayList<>();
    private final Comparator<T> tieBreak;

    ObjectGraph(Comparator<T> tieBreak) {
        this.tieBreak = tieBreak;
    }

    void add(String key, T node) {
        nodes.put(key, node);
    }

    boolean contains(String key) {
        return nodes.containsKey(key);
    }

    /** {@code from} must come after {@code to}. Edges to or from unknown keys, and self edges, are ignored. */
    void dependsOn(String from, String to) {
        dependsOn(from, to, null);
    }

    /** Like {@link #dependsOn(String, String)}, but the edge may be dropped to break a cycle; its token is reported. */
    void dependsOn(String from, String to, String breakToken) {
        if (!from.equals(to) && nodes.containsKey(from) && nodes.containsKey(to)) {
            edges.add(new Edge(from, to, breakToken));
        }
    }

    /** The result: objects in creation order, and the tokens of the edges that were broken. */
    record Order<T>(List<T> objects, List<String> broken) {
    }

    Order<T> sort(Function<T, String> describe) {
        Map<String, Set<Edge>> outgoing = new HashMap<>();
        Map<String, Integer> pending = new HashMap<>();
        nodes.keySet().forEach(k -> pending.put(k, 0));
        Set<Edge> live = new HashSet<>();
        for (Edge e : edges) {
            if (live.add(e)) {
                outgoing.computeIfAbsent(e.to(), k -> new HashSet<>()).add(e);
                pending.merge(e.from(), 1, Integer::sum);
            }
        }
        PriorityQueue<String> ready = new PriorityQueue<>((a, b) -> tieBreak.compare(nodes.get(a), nodes.get(b)));
        pending.forEach((k, n) -> {
            if (n == 0) {
                ready.add(k);
            }
        });
        List<T> out = new ArrayList<>();
        List<String> broken = new ArrayList<>();
        Set<String> done = new HashSet<>();
        while (done.size() < nodes.size()) {
            if (ready.isEmpty()) {
                Edge brokenEdge = live.stream().filter(e -> e.breakToken() != null && !done.contains(e.from()))
                        .min(Comparator.comparing(Edge::from).thenComparing(Edge::to))
                        .orElseThrow(() -> new PlanException(dev.pgclone.contracts.ErrorCode.DEPENDENCY_CYCLE, "cannot order the objects to create: "
                                + "they depend on each other in a cycle (" + nodes.keySet().stream()
                                .filter(k -> !done.contains(k)).map(k -> describe.apply(nodes.get(k))).sorted()
                                .collect(Collectors.joining(", ")) + ")"));
                live.remove(brokenEdge);
                outgoing.get(brokenEdge.to()).remove(brokenEdge);
                broken.add(brokenEdge.breakToken());
                if (pending.merge(brokenEdge.from(), -1, Integer::sum) == 0) {
                    ready.add(brokenEdge.from());
                }
                continue;
            }
            String key = ready.poll();
            done.add(key);
            out.add(nodes.get(key));
            for (Edge e : outgoing.getOrDefault(key, Set.of())) {
                live.remove(e);
                if (pending.merge(e.from(), -1, Integer::sum) == 0) {
                    ready.add(e.from());
                }
            }
        }
        return new Order<>(out, broken);
    }
}
