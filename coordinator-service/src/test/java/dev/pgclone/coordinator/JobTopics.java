package dev.pgclone.coordinator;

import dev.pgclone.contracts.Json;
import dev.pgclone.contracts.Topics;
import dev.pgclone.contracts.command.Command;
import dev.pgclone.contracts.event.JobEvent;
import dev.pgclone.contracts.event.TaskEvent;
import dev.pgclone.contracts.job.JobView;
import dev.pgclone.contracts.task.CopyTableTask;
import dev.pgclone.contracts.task.Task;
import dev.pgclone.testing.TestInfra;
import dev.pgclone.testing.TestProducer;
import dev.pgclone.testing.TopicRecorder;
import java.time.Duration;
import java.util.function.Predicate;

/**
 * The Kafka side of a coordinator test, as another system sees it: commands and task events sent the way the gateway
 * and the workers send them, and the tasks and job events the coordinator publishes, recorded from the moment this is
 * opened. One per test.
 */
public final class JobTopics implements AutoCloseable {

    private final Duration timeout;
    private final TopicRecorder tasks = new TopicRecorder(TestInfra.kafka().bootstrapServers(), Topics.TASKS);
    private final TopicRecorder jobEvents = new TopicRecorder(TestInfra.kafka().bootstrapServers(), Topics.JOB_EVENTS);
    private final TestProducer producer = new TestProducer(TestInfra.kafka().bootstrapServers());

    /** @param timeout how long the {@code await*} methods wait */
    public JobTopics(Duration timeout) {
        this.timeout = timeout;
    }

    public TopicRecorder tasks() {
        return tasks;
    }

    public TopicRecorder jobEvents() {
        return jobEvents;
    }

    public TestProducer producer() {
        return producer;
    }

    /** Publishes a command on the command topic, keyed by its job id. */
    public TestProducer.Sent send(Command command) {
        return producer.send(Topics.COMMANDS, command.jobId(), Json.write(command));
    }

    /** Publishes a task event as a worker would. */
    public TestProducer.Sent report(TaskEvent event) {
        return producer.send(Topics.TASK_EVENTS, event.jobId(), Json.write(event));
    }

    /** The first copy task of the job that matches. */
    public CopyTableTask awaitTask(String jobId, Predicate<CopyTableTask> matches) {
        return (CopyTableTask) Json.read(tasks.await(v -> {
            Task t = Json.read(v, Task.class);
            return t.jobId().equals(jobId) && t instanceof CopyTableTask c && matches.test(c);
        }, timeout), Task.class);
    }

    /** The job as its first terminal event shows it that also satisfies {@code also}. */
    public JobView awaitEnd(String jobId, Predicate<JobView> also, Duration wait) {
        return Json.read(jobEvents.await(v -> {
            JobEvent e = Json.read(v, JobEvent.class);
            return e.jobId().equals(jobId) && e.job().status().terminal() && also.test(e.job());
        }, wait), JobEvent.class).job();
    }

    public JobView awaitEnd(String jobId) {
        return awaitEnd(jobId, v -> true, timeout);
    }

    public JobEvent.JobFailed awaitFailure(String jobId) {
        return (JobEvent.JobFailed) Json.read(jobEvents.await(v -> {
            JobEvent e = Json.read(v, JobEvent.class);
            return e.jobId().equals(jobId) && e instanceof JobEvent.JobFailed;
        }, timeout), JobEvent.class);
    }

    @Override
    public void close() {
        tasks.close();
        jobEvents.close();
        producer.close();
    }
}
