package dev.pgclone.gateway.problem;

/** An expected failure with its HTTP status, stable code and, for bad input, the field at fault. */
public class ApiException extends RuntimeException {

    private final int status;
    private final String code;
    private final String title;
    private final String field;

    public ApiException(int status, String code, String title, String detail, String field) {
        super(detail, null, false, false);
        this.status = status;
        this.code = code;
        this.title = title;
        this.field = field;
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
}
