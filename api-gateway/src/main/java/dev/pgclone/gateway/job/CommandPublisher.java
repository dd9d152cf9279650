package dev.pgclone.gateway.job;

import dev.pgclone.contracts.ErrorCode;

import dev.pgclone.contracts.Json;
import dev.pgclone.contracts.command.Command;
import dev.pgclone.gateway.problem.ApiException;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/** Publishes commands keyed by job id and waits for the broker, so 202 means the command is durable. */
@ApplicationScoped
public class CommandPublisher {

    private static final Logger LOG = Logger.getLogger(CommandPublisher.class);
    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(30);

    private final MutinyEmitter<String> commands;

    public CommandPublisher(@Channel("commands") MutinyEmitter<String> commands) {
        this.commands = commands;
    }

    public void publish(Command command) {
        try {
            commands.sendMessage(Message.of(Json.write(command))
                            .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(command.jobId()).build()))
                    .await().atMost(SEND_TIMEOUT);
        } catch (RuntimeException e) {
            LOG.errorf("could not publish a command for job %s: %s", command.jobId(), e.getMessage());
            throw new ApiException(503, ErrorCode.BROKER_UNAVAILABLE, "Service unavailable",
                    "the request could not be handed to Kafka; nothing was started, try again", null);
        }
    }
}
