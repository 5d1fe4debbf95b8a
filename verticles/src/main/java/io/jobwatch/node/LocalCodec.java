package io.jobwatch.node;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageCodec;

/**
 * Passes objects between verticles of one node as they are (registry commands and answers).
 * Registered once per Vertx by {@link JobwatchNode}; it refuses to cross the wire by design.
 */
public final class LocalCodec implements MessageCodec<Object, Object> {
  public static final String NAME = "jobwatch.local";

  @Override
  public void encodeToWire(Buffer buffer, Object o) {
    throw new UnsupportedOperationException("jobwatch.local messages stay on their node: " + o.getClass());
  }

  @Override
  public Object decodeFromWire(int pos, Buffer buffer) {
    throw new UnsupportedOperationException("jobwatch.local messages stay on their node");
  }

  @Override
  public Object transform(Object o) {
    return o;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public byte systemCodecID() {
    return -1;
  }
}
