package io.jobwatch.gateway;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import io.jobwatch.shared.json.Json;
import io.jobwatch.shared.json.Times;
import io.jobwatch.shared.protocol.QueueEvent;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * One queue event as a node keeps it for its sockets: its offset, what decides who may read it,
 * and its {@code event} message (PROTOCOL.md §3), encoded once for every socket and every
 * {@code events} frame.
 */
record QueueEntry(long offset, String jobName, String owner, byte[] message) {

  static QueueEntry of(long offset, QueueEvent e) {
    return new QueueEntry(offset, e.jobName(), e.owner(), encode(offset, e));
  }

  private static byte[] encode(long offset, QueueEvent e) {
    ByteArrayBuilder out = new ByteArrayBuilder(256);
    try (JsonGenerator g = Json.MAPPER.getFactory().createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("type", "event");
      g.writeNumberField("offset", offset);
      g.writeStringField("channel", "queue");
      g.writeStringField("name", e.name());
      g.writeStringField("created", Times.iso(e.created()));
      g.writeStringField("author", e.author());
      g.writeObjectFieldStart("data");
      g.writeStringField("jobId", e.jobId());
      g.writeStringField("name", e.jobName());
      g.writeStringField("state", e.state());
      g.writeNumberField("seq", e.seq());
      g.writeNumberField("attempt", e.attempt());
      g.writeEndObject();
      g.writeEndObject();
    } catch (IOException x) {
      throw new UncheckedIOException(x);
    }
    return out.toByteArray();
  }
}
