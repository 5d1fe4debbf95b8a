package io.jobwatch.shared.json;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** The one time format of the protocol: ISO-8601 UTC with milliseconds. */
public final class Times {
  private static final DateTimeFormatter ISO =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private Times() {
  }

  public static String iso(long epochMillis) {
    return ISO.format(Instant.ofEpochMilli(epochMillis));
  }

  public static String isoOrNull(Long epochMillis) {
    return epochMillis == null ? null : iso(epochMillis);
  }
}
