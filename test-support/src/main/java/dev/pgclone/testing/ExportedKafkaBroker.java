package dev.pgclone.testing;

import java.util.Map;

/** A view of a broker owned by another class loader's copy of this module (see {@link TestInfra}). */
final class ExportedKafkaBroker implements KafkaBroker {

    private final String bootstrapServers;
    private final Runnable stop;
    private final Runnable start;

    ExportedKafkaBroker(Map<String, Object> description) {
        this.bootstrapServers = (String) description.get("bootstrapServers");
        this.stop = (Runnable) description.get("stop");
        this.start = (Runnable) description.get("start");
    }

    /** The broker as JDK types, which every class loader shares. */
    static Map<String, Object> describe(KafkaBroker broker) {
        return Map.of("bootstrapServers", broker.bootstrapServers(),
                "stop", (Runnable) broker::stop,
                "start", (Runnable) broker::start);
    }

    @Override
    public String bootstrapServers() {
        return bootstrapServers;
    }

    @Override
    public void stop() {
        stop.run();
    }

    @Override
    public void start() {
        start.run();
    }
}
