package dev.pgclone.coordinator.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Comparator;
import org.junit.jupiter.api.Test;

class ObjectGraphTest {

    /** Objects named "rank:name"; ties broken by rank, then name. */
    private static ObjectGraph<String> graph(String... nodes) {
        ObjectGraph<String> g = new ObjectGraph<>(Comparator.comparing((String s) -> Integer.parseInt(s.split(":")[0]))
                .thenComparing(s -> s.split(":")[1]));
        for (String n : nodes) {
            g.add(n, n);
        }
        return g;
    }

    @Test
    void independentObjectsComeInRankThenNameOrder() {
        ObjectGraph<String> g = graph("50:b_table", "30:f", "50:a_table", "20:type");
        assertThat(g.sort(s -> s).objects()).containsExactly("20:type", "30:f", "50:a_table", "50:b_table");
    }

    @Test
    void dependenciesWinOverRank() {
        ObjectGraph<String> g = graph("60:view", "50:table", "30:function");
        g.dependsOn("30:function", "60:view"); // a BEGIN ATOMIC function reading a view
        g.dependsOn("60:view", "50:table");
        assertThat(g.sort(s -> s).objects()).containsExactly("50:table", "60:view", "30:function");
    }

    @Test
    void aCycleThroughADefaultIsBrokenAndReported() {
        ObjectGraph<String> g = graph("50:table", "30:function");
        g.dependsOn("50:table", "30:function", "default:1:2"); // the table's default calls the function
        g.dependsOn("30:function", "50:table");               // the function returns the table's row type
        ObjectGraph.Order<String> order = g.sort(s -> s);
        assertThat(order.objects()).containsExactly("50:table", "30:function");
        assertThat(order.broken()).containsExactly("default:1:2");
    }

    @Test
    void aCycleWithoutABreakableEdgeIsAnErrorNamingItsMembers() {
        ObjectGraph<String> g = graph("60:v1", "60:v2", "50:ok");
        g.dependsOn("60:v1", "60:v2");
        g.dependsOn("60:v2", "60:v1");
        assertThatThrownBy(() -> g.sort(s -> "view " + s)).isInstanceOf(PlanException.class)
                .hasMessageContaining("view 60:v1").hasMessageContaining("view 60:v2").hasMessageNotContaining("ok");
    }

    @Test
    void edgesToObjectsOutsideTheCloneAreIgnored() {
        ObjectGraph<String> g = graph("50:table");
        g.dependsOn("50:table", "20:type-on-the-target-already");
        assertThat(g.sort(s -> s).objects()).containsExactly("50:table");
    }
}
