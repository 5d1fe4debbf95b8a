package io.jobwatch.registry;

import java.io.Serializable;

/** An APP_MESSAGE of a job, kept until acknowledged; {@code data} is the JSON text of the message. */
public record AppMessage(String messageId, long created, String data) implements Serializable {
}
