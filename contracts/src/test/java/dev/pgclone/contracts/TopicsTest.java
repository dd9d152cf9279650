package dev.pgclone.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class TopicsTest {

    @Test
    void everyTopicIsVersionedUnderPgclone() throws IllegalAccessException {
        for (String topic : topics()) {
            assertThat(topic).matches("pgclone\\.[a-z]+(-[a-z]+)*\\.v[1-9][0-9]*");
        }
    }

    @Test
    void topicNamesAreDistinct() throws IllegalAccessException {
        assertThat(topics()).doesNotHaveDuplicates().hasSize(6);
    }

    @Test
    void familiesHaveTheirV1Topics() {
        assertThat(Topics.COMMANDS).isEqualTo("pgclone.commands.v1");
        assertThat(Topics.TASKS).isEqualTo("pgclone.tasks.v1");
        assertThat(Topics.TASK_EVENTS).isEqualTo("pgclone.task-events.v1");
        assertThat(Topics.JOB_EVENTS).isEqualTo("pgclone.job-events.v1");
        assertThat(Topics.DEAD_LETTER).isEqualTo("pgclone.dead-letter.v1");
        assertThat(Topics.REPORT_EVENTS).isEqualTo("pgclone.report-events.v1");
    }

    private static List<String> topics() throws IllegalAccessException {
        List<String> out = new java.util.ArrayList<>();
        for (Field f : Arrays.stream(Topics.class.getDeclaredFields())
                .filter(f -> Modifier.isStatic(f.getModifiers()) && f.getType() == String.class).toList()) {
            out.add((String) f.get(null));
        }
        return out;
    }
}
