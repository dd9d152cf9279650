package dev.pgclone.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.errors.NotLeaderOrFollowerException;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;

class UntilDoneTest {

    private static final Logger LOG = Logger.getLogger(UntilDoneTest.class);

    @Test
    void aFailureThatMayPassIsTriedAgainUntilTheWorkSucceeds() {
        AtomicInteger attempts = new AtomicInteger();
        new UntilDone(LOG).run("storing", () -> {
            if (attempts.incrementAndGet() == 1) {
                throw new SQLException("connection refused", "08001");
            }
        });
        assertThat(attempts).hasValue(2);
    }

    @Test
    void aFailureThatCannotPassIsPassedOnAtOnce() {
        AtomicInteger attempts = new AtomicInteger();
        assertThatThrownBy(() -> new UntilDone(LOG).run("storing", () -> {
            attempts.incrementAndGet();
            throw new SQLException("value too long", "22001");
        })).hasCauseInstanceOf(SQLException.class);
        assertThat(attempts).hasValue(1);
    }

    @Test
    void aStoppedServiceLeavesTheRecordToItsRestart() {
        UntilDone untilDone = new UntilDone(LOG);
        untilDone.stop();
        AtomicInteger attempts = new AtomicInteger();
        assertThatThrownBy(() -> untilDone.run("storing", attempts::incrementAndGet)).isInstanceOf(UntilDone.Stopped.class);
        assertThat(attempts).hasValue(0);
    }

    @Test
    void brokerAndConnectionFailuresMayPassDataErrorsMayNot() {
        assertThat(TransientFailures.mayPass(new RuntimeException(new NotLeaderOrFollowerException("moved")))).isTrue();
        assertThat(TransientFailures.mayPass(new SQLException("pool timed out"))).isTrue();
        assertThat(TransientFailures.mayPass(new SQLException("terminating connection", "57P01"))).isTrue();
        assertThat(TransientFailures.mayPass(new SQLException("syntax", "42601"))).isFalse();
        assertThat(TransientFailures.mayPass(new IllegalArgumentException("bad"))).isFalse();
    }
}
