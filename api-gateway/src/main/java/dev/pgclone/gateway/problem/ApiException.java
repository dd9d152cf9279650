package dev.pgclone.gateway.problem;

import dev.pgclone.contracts.ErrorCode;

/** An expected failure with its HTTP status, stable code and, for bad input, the field at fault. */
public class ApiException extends RuntimeException {

    private final int status;
    private final ErrorCode code;
    private final String title;
    private final String field;
    private final Integer retryAfterSeconds;

    public ApiException(int status, ErrorCode code, String title, String detail, String field) {
        this(status, code, title, detail, field, null);
    }

    private ApiException(int status, ErrorCode code, String title, String detail, String field, Integer retryAfterSeconds) {
        super(detail, null, false, false);
        this.status = status;
        this.code = code;
        this.title = title;
        this.field = field;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** 503 with a {@code Retry-After} header: the client should simply ask again later. */
    public static ApiException unavailable(ErrorCode code, String detail, int retryAfterSeconds) {
        return new ApiException(503, code, "Service unavailable", detail, null, retryAfterSeconds);
    }

    public static ApiException invalid(String field, String detail) {
        return new ApiException(400, ErrorCode.INVALID_REQUEST, "Invalid request", detail, field);
    }

    public static ApiException notFound(String detail) {
        return new ApiException(404, ErrorCode.NOT_FOUND, "Not found", detail, null);
    }

    public int status() {
        return status;
    }

    public ErrorCode code() {
        return code;
    }

    public String title() {
        return title;
    }

    public String field() {
        return field;
    }

    /** Seconds for the {@code Retry-After} header, or null for none. */
    public Integer retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
