package dev.pgclone.gateway.projection;

import dev.pgclone.contracts.ErrorCode;
import dev.pgclone.gateway.problem.ApiException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsOptions;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

/**
 * Brings a read model up to date with an events topic before the gateway reports ready. One instance per topic: job
 * events into the job store, report events into the report store ({@code JobEventCatchUp}, {@code ReportEventCatchUp}).
 *
 * <p>After a restart the topic's consumer group can take a minute to resume: a member that was killed stays in the
 * group until its session times out, and the group waits for it. Meanwhile the store would show what was current when
 * the gateway went down. So at start a plain consumer without a group assigns itself every partition of the topic,
 * starts at the group's committed offsets (the store is durable: what lies before them is in it), or at the beginning
 * of a partition without one, reads up to the end offsets taken when it started and applies every event through the
 * {@link EventProjection}, the group consumer's own code path. Until it is done the readiness check
 * ({@link CatchUpCheck}) is DOWN and reads wait for it ({@link #requireCaughtUp}). Then it keeps following the topic
 * until the group has its partitions ({@link GroupPartitionsListener}), so nothing is missed in between; events read
 * by both are harmless (the newest version wins).
 *
 * <p>A broker that cannot be reached is tried again with a doubling, jittered backoff (one warning per attempt); a
 * topic that does not exist yet means there is nothing to catch up.
 */
public class EventCatchUp {

    private static final Logger LOG = Logger.getLogger(EventCatchUp.class);
    private static final Duration DEFAULT_KAFKA_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
    private static final Duration POLL = Duration.ofMillis(500);
    private static final Duration PROGRESS_LOG_INTERVAL = Duration.ofSeconds(5);

    /** Where the catch-up is; {@link #caughtUp} says whether the gateway may report ready. */
    public record Status(boolean caughtUp, String state, String reason, long eventsApplied, long eventsLeft,
                         int attempts, long tookMs) {
    }

    private static final int RETRY_AFTER_SECONDS = 5;

    private final Map<String, Object> consumerConfig;
    private final Map<String, Object> adminConfig;
    private final String label;
    private final String subject;
    private final String topic;
    private final String groupId;
    private final Duration firstBackoff;
    private final Duration kafkaTimeout;
    private final EventProjection projection;

    private final CountDownLatch caughtUp = new CountDownLatch(1);
    private final CountDownLatch stopSignal = new CountDownLatch(1);
    private final AtomicLong eventsApplied = new AtomicLong();
    private volatile boolean stopping;
    private volatile boolean groupHasPartitions;
    private volatile String state = "not started";
    private volatile String reason;
    private volatile long eventsLeft = -1;
    private volatile int attempts;
    private volatile long tookMs = -1;
    private volatile KafkaConsumer<String, String> consumer;
    private Thread thread;

    /**
     * @param label        what the topic holds, for people: {@code job events}
     * @param subject      what reads wait for it, for people: {@code job} (as in "job reads")
     * @param kafka        Kafka client settings ({@code bootstrap.servers}, security, ...); settings the consumer or
     *                     admin client do not know are left out, and so is any {@code group.id}
     * @param topic        the events topic
     * @param groupId      the consumer group whose committed offsets mark what the store already holds
     * @param firstBackoff first delay before trying Kafka again; doubles, jittered, up to 30 s
     * @param kafkaTimeout how long one request to Kafka may take before the attempt counts as failed
     */
    public EventCatchUp(String label, String subject, Map<String, Object> kafka, String topic, String groupId,
                        Duration firstBackoff, Duration kafkaTimeout, EventProjection projection) {
        if (firstBackoff.isNegative() || firstBackoff.isZero()) {
            throw new IllegalArgumentException("pgclone.gateway.catch-up-retry-backoff must be positive, not " + firstBackoff);
        }
        this.label = label;
        this.subject = subject;
        this.topic = topic;
        this.groupId = groupId;
        this.firstBackoff = firstBackoff;
        this.kafkaTimeout = kafkaTimeout;
        this.projection = projection;
        String clientId = "pgclone-gateway-catch-up-" + label.replace(' ', '-');
        consumerConfig = known(kafka, ConsumerConfig.configNames());
        consumerConfig.remove(ConsumerConfig.GROUP_ID_CONFIG);
        consumerConfig.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
        consumerConfig.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        consumerConfig.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        consumerConfig.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        consumerConfig.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        consumerConfig.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
        consumerConfig.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) kafkaTimeout.toMillis());
        consumerConfig.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        consumerConfig.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        adminConfig = known(kafka, AdminClientConfig.configNames());
        adminConfig.put(AdminClientConfig.CLIENT_ID_CONFIG, clientId + "-admin");
        adminConfig.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) kafkaTimeout.toMillis());
        adminConfig.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) kafkaTimeout.toMillis());
    }

    /** What the topic holds, for people ({@code job events}). */
    public String label() {
        return label;
    }

    /** Starts catching up in a thread of its own. */
    public synchronized void start() {
        if (thread == null) {
            state = "starting";
            thread = new Thread(this::run, label.replace(' ', '-') + "-catch-up");
            thread.setDaemon(true);
            thread.start();
        }
    }

    /** Stops reading (the gateway is shutting down), waiting a few seconds for the thread to end. */
    public void stop() {
        stopping = true;
        stopSignal.countDown();
        KafkaConsumer<String, String> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        Thread t;
        synchronized (this) {
            t = thread;
        }
        if (t != null) {
            try {
                t.join(TimeUnit.SECONDS.toMillis(5));
                if (t.isAlive()) {
                    t.interrupt();
                    t.join(TimeUnit.SECONDS.toMillis(5));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Called when the consumer group has given this gateway its partitions: from now on it keeps the store current. */
    public void groupHasPartitions() {
        groupHasPartitions = true;
    }

    /** Waits until the store holds every event that was in the topic at start; false if {@code wait} ran out. */
    public boolean awaitCaughtUp(Duration wait) throws InterruptedException {
        return caughtUp.await(wait.toNanos(), TimeUnit.NANOSECONDS);
    }

    /**
     * Waits (bounded) until the store is current; then a read may answer. Otherwise a 503 {@code catching-up} with
     * {@code Retry-After}: better no answer than an out-of-date one.
     */
    public void requireCaughtUp(Duration wait) throws InterruptedException {
        if (!awaitCaughtUp(wait)) {
            Status s = status();
            throw ApiException.unavailable(ErrorCode.CATCHING_UP, "the gateway is still reading the " + label
                    + " it missed while it was down (" + (s.eventsLeft() >= 0 ? s.eventsLeft() + " to go, " : "")
                    + s.state() + "); its answer would be out of date, try again shortly", RETRY_AFTER_SECONDS);
        }
    }

    /** What waits for this catch-up, for people ({@code job} reads). */
    public String subject() {
        return subject;
    }

    public boolean isCaughtUp() {
        return caughtUp.getCount() == 0;
    }

    public Status status() {
        return new Status(isCaughtUp(), state, reason, eventsApplied.get(), eventsLeft, attempts, tookMs);
    }

    // ---- the catch-up thread ----------------------------------------------------------------------------------

    private void run() {
        long started = System.nanoTime();
        // Per partition, the next offset whose event is not yet applied (and durable in the store), across attempts.
        Map<TopicPartition, Long> applied = new HashMap<>();
        Duration backoff = firstBackoff;
        Admin admin = null;
        KafkaConsumer<String, String> kafkaConsumer = null;
        try {
            while (!stopping) {
                attempts++;
                try {
                    if (admin == null) {
                        admin = Admin.create(adminConfig);
                    }
                    if (kafkaConsumer == null) {
                        kafkaConsumer = new KafkaConsumer<>(consumerConfig);
                        consumer = kafkaConsumer;
                        if (stopping) {
                            return;
                        }
                    }
                    if (attempts == 1) {
                        state = "reading offsets";
                    }
                    Map<TopicPartition, Long> end = endOffsets(admin);
                    if (end == null) {
                        caughtUp(started, "topic " + topic + " does not exist yet: nothing to catch up");
                        state = "done";
                        return;
                    }
                    Map<TopicPartition, Long> start = startOffsets(admin, end.keySet(), applied);
                    readUpTo(kafkaConsumer, start, end, applied);
                    caughtUp(started, null);
                    follow(kafkaConsumer, applied);
                    return;
                } catch (WakeupException | InterruptException | InterruptedException e) {
                    if (!stopping) {
                        LOG.warnf("%s catch-up: interrupted (%s); it ends here", label, describe(e));
                    }
                    return;
                } catch (Exception e) {
                    if (stopping) {
                        return;
                    }
                    Duration wait = jittered(backoff);
                    reason = "attempt " + attempts + " failed: " + describe(e);
                    state = isCaughtUp() ? "following (retrying)" : "waiting for Kafka or the state database";
                    LOG.warnf("%s catch-up: attempt %d failed (%s); next attempt in %d ms", label, attempts, describe(e),
                            wait.toMillis());
                    backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
                    if (stopSignal.await(wait.toMillis(), TimeUnit.MILLISECONDS)) {
                        return;
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            consumer = null;
            Thread.interrupted(); // close cleanly even when stop() had to interrupt
            KafkaConsumer<String, String> c = kafkaConsumer;
            Admin a = admin;
            if (c != null) {
                closeQuietly(() -> c.close(CloseOptions.timeout(Duration.ofSeconds(5))));
            }
            if (a != null) {
                closeQuietly(() -> a.close(Duration.ofSeconds(5)));
            }
            if (stopping) {
                state = isCaughtUp() ? "stopped" : "stopped before catching up";
            }
        }
    }

    /** End offsets of every partition now, or null when the topic does not exist. */
    private Map<TopicPartition, Long> endOffsets(Admin admin) throws Exception {
        TopicDescription description;
        try {
            description = await(admin.describeTopics(List.of(topic),
                    new DescribeTopicsOptions().timeoutMs((int) kafkaTimeout.toMillis())).allTopicNames()).get(topic);
        } catch (UnknownTopicOrPartitionException e) {
            return null;
        }
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        description.partitions().forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
        Map<TopicPartition, Long> end = new HashMap<>();
        await(admin.listOffsets(latest, new ListOffsetsOptions().timeoutMs((int) kafkaTimeout.toMillis())).all())
                .forEach((tp, info) -> end.put(tp, info.offset()));
        return end;
    }

    /** Where to start per partition: the group's committed offset or what this catch-up already applied; null = beginning. */
    private Map<TopicPartition, Long> startOffsets(Admin admin, Set<TopicPartition> partitions,
                                                   Map<TopicPartition, Long> applied) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> committed;
        try {
            committed = await(admin.listConsumerGroupOffsets(
                    Map.of(groupId, new ListConsumerGroupOffsetsSpec().topicPartitions(partitions)),
                    new ListConsumerGroupOffsetsOptions().timeoutMs((int) kafkaTimeout.toMillis()))
                    .partitionsToOffsetAndMetadata(groupId));
        } catch (GroupIdNotFoundException e) {
            committed = Map.of();
        }
        Map<TopicPartition, Long> start = new HashMap<>();
        for (TopicPartition tp : partitions) {
            OffsetAndMetadata c = committed.get(tp);
            Long from = c == null ? null : c.offset();
            Long done = applied.get(tp);
            if (done != null && (from == null || done > from)) {
                from = done;
            }
            start.put(tp, from);
        }
        return start;
    }

    private void readUpTo(KafkaConsumer<String, String> c, Map<TopicPartition, Long> start,
                          Map<TopicPartition, Long> end, Map<TopicPartition, Long> applied) throws Exception {
        c.assign(end.keySet());
        for (Map.Entry<TopicPartition, Long> e : start.entrySet()) {
            if (e.getValue() == null) {
                c.seekToBeginning(List.of(e.getKey()));
            } else {
                c.seek(e.getKey(), e.getValue());
            }
        }
        Set<TopicPartition> pending = new HashSet<>(end.keySet());
        long nextLog = System.nanoTime() + PROGRESS_LOG_INTERVAL.toNanos();
        if (!isCaughtUp()) {
            state = "catching up";
        }
        while (true) {
            long left = 0;
            for (TopicPartition tp : new ArrayList<>(pending)) {
                long behind = end.get(tp) - c.position(tp, kafkaTimeout);
                if (behind <= 0) {
                    pending.remove(tp);
                } else {
                    left += behind;
                }
            }
            eventsLeft = left;
            if (pending.isEmpty() || stopping) {
                return;
            }
            if (System.nanoTime() > nextLog) {
                LOG.infof("%s catch-up: %d events applied, %d to go", label, eventsApplied.get(), left);
                nextLog = System.nanoTime() + PROGRESS_LOG_INTERVAL.toNanos();
            }
            apply(c.poll(POLL), applied);
        }
    }

    /** Keeps reading new events until the consumer group has its partitions, so no event waits for the group. */
    private void follow(KafkaConsumer<String, String> c, Map<TopicPartition, Long> applied) throws Exception {
        if (!groupHasPartitions) {
            state = "following until the consumer group has its partitions";
            LOG.infof("%s catch-up: following the topic until consumer group %s has its partitions", label, groupId);
        }
        while (!groupHasPartitions && !stopping) {
            apply(c.poll(POLL), applied);
        }
        if (groupHasPartitions) {
            state = "handed over to the consumer group";
            LOG.infof("%s catch-up: consumer group %s has its partitions; %d events applied in all", label, groupId,
                    eventsApplied.get());
        }
    }

    private void apply(ConsumerRecords<String, String> records, Map<TopicPartition, Long> applied) throws Exception {
        if (records.isEmpty()) {
            return;
        }
        List<String> payloads = new ArrayList<>(records.count());
        Map<TopicPartition, Long> next = new HashMap<>();
        for (ConsumerRecord<String, String> r : records) {
            if (r.value() != null) {
                payloads.add(r.value());
            }
            next.merge(new TopicPartition(r.topic(), r.partition()), r.offset() + 1, Math::max);
        }
        projection.apply(payloads);
        applied.putAll(next);
        eventsApplied.addAndGet(records.count());
    }

    private void caughtUp(long startedNanos, String note) {
        if (isCaughtUp()) {
            return;
        }
        tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos);
        eventsLeft = 0;
        reason = note;
        state = "caught up";
        caughtUp.countDown();
        if (note != null) {
            LOG.infof("%s catch-up: %s (%d ms)", label, note, tookMs);
        } else {
            LOG.infof("%s catch-up: %d events applied in %d ms; the %s store is current", label, eventsApplied.get(),
                    tookMs, subject);
        }
    }

    // ---- small things -----------------------------------------------------------------------------------------

    private static Map<String, Object> known(Map<String, Object> settings, Set<String> names) {
        Map<String, Object> out = new HashMap<>();
        settings.forEach((k, v) -> {
            if (names.contains(k) && v != null) {
                out.put(k, v);
            }
        });
        return out;
    }

    /** The future's value; its failure is rethrown as the cause itself (a KafkaException, usually). */
    private <T> T await(KafkaFuture<T> future) throws Exception {
        try {
            return future.get(kafkaTimeout.toMillis() + 5000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    private static Duration jittered(Duration d) {
        return Duration.ofMillis(Math.max(1, (long) (d.toMillis() * ThreadLocalRandom.current().nextDouble(0.8, 1.2))));
    }

    /** One line: the exception's kind and message, with the deepest cause's message when it says more. */
    private static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String text = e.getClass().getSimpleName() + ": " + e.getMessage();
        if (root != e && root.getMessage() != null && !text.contains(root.getMessage())) {
            text += " (" + root.getClass().getSimpleName() + ": " + root.getMessage() + ")";
        }
        return text.replace('\n', ' ');
    }

    private static void closeQuietly(AutoCloseable closeable) {
        if (closeable != null) {
            try {
                closeable.close();
            } catch (Exception e) {
                LOG.debugf("closing a catch-up client: %s", e.getMessage());
            }
        }
    }
}
