package dev.pgclone.testing;

import java.nio.file.Path;

/** server.properties of a one-node KRaft cluster (broker and controller in one process) on loopback. */
record KraftNodeConfig(int port, int controllerPort, Path logDir) {

    static KraftNodeConfig onFreePorts(Path logDir) {
        return new KraftNodeConfig(FreePort.pick(), FreePort.pick(), logDir);
    }

    String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    String render() {
        return String.join("\n",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
                "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
                "controller.listener.names=CONTROLLER",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "inter.broker.listener.name=PLAINTEXT",
                "log.dirs=" + logDir,
                // One node: every replication factor and min ISR is 1; small internal topics start faster.
                "offsets.topic.replication.factor=1",
                "offsets.topic.num.partitions=5",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "transaction.state.log.num.partitions=5",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                // Consumer groups join at once instead of waiting 3 s for more members.
                "group.initial.rebalance.delay.ms=0",
                "num.partitions=4",
                "auto.create.topics.enable=true",
                "");
    }
}
