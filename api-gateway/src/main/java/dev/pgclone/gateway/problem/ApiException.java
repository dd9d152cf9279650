package dev.pgclone.gateway.problem;

/** An expected failure with its HTTP status, stable code and, for bad input, the field at fault. */
public class ApiException extends RuntimeException {

    private final int status;
    private final String code;
    private final String title;
    private final String field;
    private final Integer retryAfterSeconds;

    public ApiException(int status, String code, String title, String detail, String field) {
        this(status, code, title, detail, field, null);
    }

    private ApiException(int status, String code, String title, String detail, String field, Integer retryAfterSeconds) {
        super(detail, null, false, false);
        this.status = status;
        this.code = code;
        this.title = title;
        this.field = field;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** 503 with a {@code Retry-After} header: the client should simply ask again later. */
    public static ApiException unavailable(String code, String detail, int retryAfterSeconds) {
        return new ApiException(503, code, "Service unavailable", detail, null, retryAfterSeconds);
    }

    public static ApiException invalid(String field, String detail) {
        return new ApiException(400, "invalid-request", "Invalid request", detail, field);
    }

    public static ApiException notFound(String detail) {
        return new ApiException(404, "not-found", "Not found", detail, null);
    }

    public int status() {
        return status;
    }

    public String code() {
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
