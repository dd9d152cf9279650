package dev.pgclone.gateway.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pgclone.contracts.Json;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

/** REST bodies use the same JSON conventions as the messages (ISO times, nulls omitted). */
@Singleton
public class JsonCustomizer implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        Json.configure(mapper);
    }
}
