package dev.pgclone.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgclone.contracts.command.Command;
import dev.pgclone.contracts.event.JobEvent;
import dev.pgclone.contracts.event.TaskEvent;
import dev.pgclone.contracts.task.Task;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Records of the wrong shape fail to parse, so consumers dead-letter them instead of failing half-way through
 * handling them; the reason names the field and never a Java class (it reaches dead-letter headers and job-rejected
 * events).
 */
class MalformedMessagesTest {

    private static final String JOB = UUID.randomUUID().toString();
    private static final String HEADER = "\"header\":{\"jobId\":\"" + JOB + "\"}";

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "task without connections | Task | {\"type\":\"copy-table\",<H>,\"taskId\":\"t\"} | field \"source\" is required",
        "task without a header | Task | {\"type\":\"copy-table\",\"taskId\":\"t\"} | field \"header\" is required",
        "task of an unknown type | Task | {\"type\":\"format-disk\",<H>} | unknown type \"format-disk\"",
        "task without a type | Task | {<H>} | missing \"type\"",
        "task event without a task | TaskEvent | {\"type\":\"task-started\",<H>,\"worker\":\"w\"} | field \"taskId\" is required",
        "task event with a text count | TaskEvent | {\"type\":\"task-completed\",<H>,\"taskId\":\"t\",\"worker\":\"w\",\"rows\":\"many\"} | field \"rows\": wrong type (expected a number)",
        "job event without a job | JobEvent | {\"type\":\"job-completed\",<H>} | field \"job\" is required",
        "job event without a status | JobEvent | {\"type\":\"job-completed\",<H>,\"job\":{\"id\":\"x\"}} | field \"job.status\" is required",
        "command with a number as scope | Command | {\"type\":\"start-clone\",<H>,\"scope\":42} | field \"scope\"",
        "command with an unknown option | Command | `{\"type\":\"start-clone\",<H>,\"scope\":{\"kind\":\"schema\",\"schema\":\"s\"},\"source\":{\"conninfo\":\"host=a user=u\"},\"target\":{\"conninfo\":\"host=b user=u\"},\"options\":{\"paralel\":4}}` | paralel: unknown option",
        "cancel without a header | Command | {\"type\":\"cancel-job\",\"reason\":\"r\"} | field \"header\" is required",
        "text after the value | Command | {\"type\":\"cancel-job\",<H>} {} | text after the JSON value",
        "a key given twice | Command | {\"type\":\"cancel-job\",<H>,<H>} | Duplicate field 'header'",
        "not JSON | Command | not json | Unrecognized token",
    })
    void isRefusedNamingTheFieldButNoClass(String name, String family, String json, String reason) {
        Class<?> type = switch (family) {
            case "Task" -> Task.class;
            case "TaskEvent" -> TaskEvent.class;
            case "JobEvent" -> JobEvent.class;
            default -> Command.class;
        };
        assertThatThrownBy(() -> Json.read(json.replace("<H>", HEADER), type))
                .isInstanceOf(MalformedMessageException.class)
                .hasMessageStartingWith("not a valid " + family + " message: ")
                .hasMessageContaining(reason)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("dev.pgclone").doesNotContain("\n"));
    }
}
