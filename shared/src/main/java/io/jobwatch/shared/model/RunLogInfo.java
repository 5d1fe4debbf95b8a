package io.jobwatch.shared.model;

import com.fasterxml.jackson.annotation.JsonProperty;


/** {@code runLog} of the job record: the current attempt and how many lines it has. */
public record RunLogInfo(@JsonProperty("attempt") int attempt, @JsonProperty("lines") int lines) {
}
