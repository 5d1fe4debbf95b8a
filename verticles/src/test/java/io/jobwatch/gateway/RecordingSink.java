package io.jobwatch.gateway;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A socket for unit tests: records frames and flushes, and takes frames only while {@link #room} allows. */
final class RecordingSink implements Outbox.Sink {
  final List<String> frames = new ArrayList<>();
  int flushes;
  /** Frames the socket takes before it is full; negative: no limit. */
  int room = -1;

  @Override
  public boolean writable() {
    return room != 0;
  }

  @Override
  public void write(byte[] frame) {
    if (room == 0) {
      throw new AssertionError("written while not writable");
    }
    frames.add(new String(frame, StandardCharsets.UTF_8));
    if (room > 0) {
      room--;
    }
  }

  @Override
  public void flush() {
    flushes++;
  }

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
