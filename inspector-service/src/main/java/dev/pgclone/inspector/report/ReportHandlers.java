package dev.pgclone.inspector.report;

import dev.pgclone.contracts.report.ReportKind;
import io.quarkus.arc.InjectableBean;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * The {@link ReportHandler} beans by kind, found at start-up. Two handlers for one kind stop the start, unless one of
 * them is an enabled CDI alternative ({@code @Alternative @Priority}): the alternative with the highest priority then
 * replaces the others, which is how a test substitutes a kind. A kind without a handler is answered with a FAILED
 * report saying so.
 */
@ApplicationScoped
@Startup
public class ReportHandlers {

    private static final Logger LOG = Logger.getLogger(ReportHandlers.class);

    /** A handler bean as found: what it serves and how it ranks. */
    record Candidate(ReportHandler handler, String name, boolean alternative, int priority) {
    }

    private final Map<ReportKind, ReportHandler> byKind;

    @Inject
    public ReportHandlers(@Any Instance<ReportHandler> beans) {
        List<Candidate> candidates = new ArrayList<>();
        for (Instance.Handle<ReportHandler> handle : beans.handles()) {
            boolean alternative = false;
            int priority = 0;
            if (handle.getBean() instanceof InjectableBean<?> bean) {
                alternative = bean.isAlternative();
                priority = bean.getAlternativePriority() == null ? bean.getPriority() : bean.getAlternativePriority();
            }
            candidates.add(new Candidate(handle.get(), handle.getBean().getBeanClass().getName(), alternative, priority));
        }
        byKind = select(candidates);
        LOG.infof("report kinds served: %s", byKind.isEmpty() ? "none" : kinds());
    }

    ReportHandlers(Map<ReportKind, ReportHandler> byKind) {
        this.byKind = new EnumMap<>(byKind);
    }

    /** The handler of each kind; a kind claimed twice without an alternative to settle it is a start-up error. */
    static Map<ReportKind, ReportHandler> select(List<Candidate> candidates) {
        Map<ReportKind, List<Candidate>> claims = new EnumMap<>(ReportKind.class);
        for (Candidate c : candidates) {
            ReportKind kind = c.handler().kind();
            if (kind == null) {
                throw new IllegalStateException("report handler " + c.name() + " names no kind");
            }
            claims.computeIfAbsent(kind, k -> new ArrayList<>()).add(c);
        }
        Map<ReportKind, ReportHandler> out = new EnumMap<>(ReportKind.class);
        claims.forEach((kind, list) -> {
            List<Candidate> alternatives = list.stream().filter(Candidate::alternative)
                    .sorted(Comparator.comparingInt(Candidate::priority).reversed()).toList();
            List<Candidate> chosen = alternatives.isEmpty() ? list : alternatives;
            if (chosen.size() > 1 && (alternatives.isEmpty() || chosen.get(0).priority() == chosen.get(1).priority())) {
                throw new IllegalStateException("report kind " + kind + " has more than one handler: "
                        + chosen.stream().map(Candidate::name).collect(Collectors.joining(", ")));
            }
            out.put(kind, chosen.get(0).handler());
        });
        return out;
    }

    public Optional<ReportHandler> find(ReportKind kind) {
        return Optional.ofNullable(kind == null ? null : byKind.get(kind));
    }

    /** The kinds this inspector computes, by name. */
    public Set<String> kinds() {
        return byKind.keySet().stream().map(ReportKind::json).collect(Collectors.toCollection(TreeSet::new));
    }
}
