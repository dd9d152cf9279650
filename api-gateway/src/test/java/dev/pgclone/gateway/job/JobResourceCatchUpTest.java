package dev.pgclone.gateway.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.pgclone.contracts.ErrorCode;
import dev.pgclone.gateway.config.GatewayConfig;
import dev.pgclone.gateway.problem.ApiException;
import dev.pgclone.gateway.problem.Problem;
import dev.pgclone.gateway.problem.ProblemMappers;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** While the start-up catch-up has not finished, job reads wait for it, then answer 503 with Retry-After. */
class JobResourceCatchUpTest {

    private static final String JOB = "01890000-0000-7000-8000-000000000000";

    /** Never started, so never caught up; nothing else is reached before the wait runs out. */
    private final JobEventCatchUp catchUp = new JobEventCatchUp(Map.of("bootstrap.servers", "127.0.0.1:1"), "t", "g",
            Duration.ofSeconds(1), Duration.ofSeconds(1), null);
    private final JobResource resource = new JobResource(null, null, null, config(Duration.ofMillis(300)), catchUp);

    @Test
    void readsWaitBoundedThenAnswer503WithRetryAfter() {
        long t0 = System.nanoTime();
        ApiException e = catchThrowableOfType(ApiException.class, () -> resource.get(JOB, "60s"));
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofMillis(300))
                .isLessThan(Duration.ofSeconds(5));
        assertThat(e.status()).isEqualTo(503);
        assertThat(e.code()).isEqualTo(ErrorCode.CATCHING_UP);
        assertThat(e.getMessage()).contains("job events it missed");

        Response response = new ProblemMappers().api(e, null);
        assertThat(response.getStatus()).isEqualTo(503);
        assertThat(response.getHeaderString("Retry-After")).isEqualTo("5");
        assertThat(response.getMediaType().toString()).isEqualTo(Problem.MEDIA_TYPE);
        assertThat(((Problem) response.getEntity()).code()).isEqualTo("catching-up");
    }

    @Test
    void listingsAndCancelWaitToo() {
        assertThat(catchThrowableOfType(ApiException.class, () -> resource.list(null, null)).status()).isEqualTo(503);
        assertThat(catchThrowableOfType(ApiException.class, () -> resource.cancel(JOB)).status()).isEqualTo(503);
    }

    @Test
    void badInputIsStillA400Or404WithoutWaiting() {
        assertThat(catchThrowableOfType(ApiException.class, () -> resource.get("not-a-job", null)).status()).isEqualTo(404);
        assertThat(catchThrowableOfType(ApiException.class, () -> resource.get(JOB, "forever")).status()).isEqualTo(400);
        assertThat(catchThrowableOfType(ApiException.class, () -> resource.list("DONE", null)).status()).isEqualTo(400);
    }

    private static GatewayConfig config(Duration catchUpWait) {
        GatewayConfig.Gateway gateway = new GatewayConfig.Gateway() {
            @Override
            public Duration maxWait() {
                return Duration.ofHours(1);
            }

            @Override
            public int listLimit() {
                return 100;
            }

            @Override
            public Duration catchUpWait() {
                return catchUpWait;
            }

            @Override
            public Duration catchUpRetryBackoff() {
                return Duration.ofSeconds(1);
            }
        };
        return new GatewayConfig() {
            @Override
            public String secretKey() {
                return "";
            }

            @Override
            public Gateway gateway() {
                return gateway;
            }
        };
    }
}
