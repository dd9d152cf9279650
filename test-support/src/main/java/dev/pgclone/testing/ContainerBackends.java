package dev.pgclone.testing;

import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports;
import java.time.Duration;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;

/**
 * The Docker path: Testcontainers-backed brokers and clusters. Only {@link Backend#select()} (once a Docker socket
 * or DOCKER_HOST exists) and {@link SharedServers} (once Docker is chosen) reach this class, so Testcontainers stays
 * unloaded on the local path.
 */
final class ContainerBackends {

    static final String KAFKA_IMAGE = "apache/kafka:4.1.0";

    private ContainerBackends() {
    }

    static boolean isDockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    static KafkaBroker startKafka() {
        return ContainerKafkaBroker.start(KAFKA_IMAGE);
    }

    static PostgresCluster startPostgres(int major) {
        return ContainerPostgresCluster.start(major);
    }

    /**
     * Publishes {@code containerPort} on a fixed, free host port instead of a random one: Docker gives a restarted
     * container new random ports, and a stop/start test needs clients to find the server where it was.
     */
    static int publishOnFixedPort(GenericContainer<?> container, int containerPort) {
        int hostPort = FreePort.pick();
        container.withCreateContainerCmdModifier(cmd -> cmd.getHostConfig().withPortBindings(
                new PortBinding(Ports.Binding.bindPort(hostPort), new ExposedPort(containerPort))));
        return hostPort;
    }

    /** docker stop: keeps the container and its data, unlike Testcontainers' stop(), which removes it. */
    static void stopKeepingData(GenericContainer<?> container) {
        DockerClientFactory.instance().client().stopContainerCmd(container.getContainerId())
                .withTimeout((int) Duration.ofSeconds(30).toSeconds())
                .exec();
    }

    /** docker start of a container stopped by {@link #stopKeepingData(GenericContainer)}. */
    static void restart(GenericContainer<?> container) {
        DockerClientFactory.instance().client().startContainerCmd(container.getContainerId()).exec();
    }
}
