package dev.pgclone.contracts;

import com.fasterxml.jackson.core.JsonProcessingException;

/**
 * A record that cannot be read as the expected message type. The message deliberately omits the payload: it may
 * carry sealed connection material.
 */
public class MalformedMessageException extends RuntimeException {

    public MalformedMessageException(String type, JsonProcessingException cause) {
        super("not a valid " + type + " message: " + cause.getOriginalMessage(), null, false, false);
    }

    public MalformedMessageException(String message) {
        super(message, null, false, false);
    }
}
