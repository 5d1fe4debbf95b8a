package io.jobwatch.shared.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;

import java.io.IOException;

/** Writes epoch milliseconds as an ISO-8601 UTC string with milliseconds. */
public final class IsoMillisSerializer extends StdSerializer<Long> {
  public IsoMillisSerializer() {
    super(Long.class);
  }

  @Override
  public void serialize(Long value, JsonGenerator gen, SerializerProvider provider) throws IOException {
    gen.writeString(Times.iso(value));
  }
}
