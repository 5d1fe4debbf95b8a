package io.jobwatch.shared.json;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.ThreadLocalRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

class TimesTest {
  private static final DateTimeFormatter REFERENCE =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  @Test
  void verifiesThatTimesMatchTheJdkFormatterAcrossCenturiesAndLeapDays() {
    long[] fixed = {0L, 951_782_400_000L /* 2000-02-29 */, 1_795_425_118_352L, 4_102_444_800_000L - 1, 86_399_999L};
    for (long t : fixed) {
      assertEquals(REFERENCE.format(Instant.ofEpochMilli(t)), Times.iso(t));
    }
    for (int i = 0; i < 100_000; i++) {
      long t = ThreadLocalRandom.current().nextLong(0, 253_402_300_799_999L);
      assertEquals(REFERENCE.format(Instant.ofEpochMilli(t)), Times.iso(t), "at " + t);
    }
  }
}
