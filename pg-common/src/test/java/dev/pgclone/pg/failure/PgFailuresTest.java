package dev.pgclone.pg.failure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgclone.contracts.ErrorCode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PgFailuresTest {

    @ParameterizedTest(name = "{0} retriable={1}")
    @CsvSource({"08006,true", "08001,true", "40001,true", "40P01,true", "53300,true", "57P01,true",
        "28P01,false", "28000,false", "42P01,false", "42501,false", "22001,false", "3D000,false", "XX000,false"})
    void classifiesBySqlStateAnywhereInTheCauseChain(String state, boolean retriable) {
        Exception wrapped = new RuntimeException("outer", new SQLException("inner", state));
        PgFailure failure = PgFailures.classify(wrapped);
        assertThat(failure.retriable()).isEqualTo(retriable);
        assertThat(failure.sqlState()).isEqualTo(state);
    }

    @Test
    void findsTheSqlStateBehindAWrapperThatHasNone() {
        Exception wrapped = new SQLException("batch failed", null, new SQLException("inner", "08006"));
        assertThat(PgFailures.classify(wrapped).retriable()).isTrue();
        assertThat(PgFailures.classify(wrapped).sqlState()).isEqualTo("08006");
    }

    @Test
    void aClassifiedFailureInTheChainKeepsItsKind() {
        Exception fatal = new RuntimeException(new FatalFailure(ErrorCode.TARGET_CONFLICT, "exists",
                null, new SQLException("io", "08006")));
        assertThat(PgFailures.classify(fatal).retriable()).isFalse();
        assertThat(CloneFailure.of(ErrorCode.COPY_FAILED, "copy", new SQLException("reset", "08006")))
                .isInstanceOf(RetriableFailure.class)
                .satisfies(f -> assertThat(f.toErrorInfo().code()).isEqualTo("copy-failed"))
                .satisfies(f -> assertThat(f.sqlState()).isEqualTo("08006"));
        assertThat(CloneFailure.of(ErrorCode.PRE_DATA_FAILED, "create", new SQLException("exists", "42P07")))
                .isInstanceOf(FatalFailure.class);
    }

    @Test
    void bareIoErrorsAreRetriableAndUnknownErrorsAreFatal() {
        assertThat(PgFailures.classify(new IOException("reset")).retriable()).isTrue();
        assertThat(PgFailures.classify(new IllegalStateException("bug")).retriable()).isFalse();
    }

    @Test
    void describesConnectionProblemsInOneShortSentence() {
        assertThat(PgFailures.describe(new SQLException("x", "08001", new UnknownHostException("db.nowhere"))))
                .isEqualTo("unknown host db.nowhere");
        assertThat(PgFailures.describe(new SQLException("x", "08001", new ConnectException("Connection refused"))))
                .isEqualTo("connection refused (Connection refused)");
        assertThat(PgFailures.describe(new SQLException("First sentence. Second sentence.")))
                .isEqualTo("First sentence");
    }
}
