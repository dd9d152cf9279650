package dev.pgclone.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Records every value published to a topic from the moment it is created (partitions assigned and positioned
 * at their end before the constructor returns, so nothing sent afterwards is missed). For tests that watch what
 * services publish on a real broker.
 */
public final class TopicRecorder implements AutoCloseable {

    private final List<Recorded> records = new CopyOnWriteArrayList<>();
    private final KafkaConsumer<String, String> consumer;
    private final Thread poller;
    private volatile boolean running = true;

    public TopicRecorder(String bootstrapServers, String topic) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "test-recorder-" + UUID.randomUUID());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        consumer = new KafkaConsumer<>(p);
        List<TopicPartition> partitions = new ArrayList<>();
        consumer.partitionsFor(topic, Duration.ofSeconds(30))
                .forEach(info -> partitions.add(new TopicPartition(topic, info.partition())));
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position); // resolve positions now, not lazily at the first poll
        poller = new Thread(this::poll, "recorder-" + topic);
        poller.setDaemon(true);
        poller.start();
    }

    private void poll() {
        try {
            while (running) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(100))) {
                    records.add(Recorded.of(record));
                }
            }
        } finally {
            consumer.close(Duration.ofSeconds(1));
        }
    }

    /**
     * One record as it was received.
     *
     * @param headers the record's headers as UTF-8 text (the last value of a repeated header)
     * @param receivedNanos {@link System#nanoTime()} when this recorder received it
     */
    public record Recorded(String key, String value, int partition, long offset, Map<String, String> headers,
                           long receivedNanos) {

        static Recorded of(ConsumerRecord<String, String> record) {
            Map<String, String> headers = new LinkedHashMap<>();
            for (Header h : record.headers()) {
                headers.put(h.key(), h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8));
            }
            return new Recorded(record.key(), record.value(), record.partition(), record.offset(),
                    java.util.Collections.unmodifiableMap(headers), System.nanoTime());
        }
    }

    /** Every value seen so far. */
    public List<String> values() {
        return records.stream().map(Recorded::value).toList();
    }

    /** Every record seen so far, with key, position and headers. */
    public List<Recorded> records() {
        return List.copyOf(records);
    }

    /** Waits for a value matching the predicate and returns it. */
    public String await(Predicate<String> match, Duration timeout) {
        return awaitRecord(r -> r.value() != null && match.test(r.value()), timeout).value();
    }

    /** Waits for a record matching the predicate and returns it. */
    public Recorded awaitRecord(Predicate<Recorded> match, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            for (Recorded r : records) {
                if (match.test(r)) {
                    return r;
                }
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new AssertionError("no matching record within " + timeout + "; saw " + records.size() + " record(s)");
    }

    @Override
    public void close() {
        running = false;
        try {
            poller.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
