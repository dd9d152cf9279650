package dev.pgclone.gateway.problem;

import dev.pgclone.contracts.ErrorCode;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * RFC 9457 problem details, plus a stable {@code code} and, for invalid input, the {@code field} at fault.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, String instance, String code,
                      String field) {

    public static final String MEDIA_TYPE = "application/problem+json";
    private static final String TYPE_BASE = "https://pgclone.dev/problems/";

    public static Problem of(int status, ErrorCode code, String title, String detail, String instance, String field) {
        return new Problem(TYPE_BASE + code.code(), title, status, detail, instance, code.code(), field);
    }
}
