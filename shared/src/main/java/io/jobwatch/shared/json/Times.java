package io.jobwatch.shared.json;

/**
 * The one time format of the protocol: ISO-8601 UTC with milliseconds
 * ({@code 2026-11-23T07:34:18.123Z}). Hand-written because every job on the wire carries five
 * times and DateTimeFormatter was a visible share of a status update's cost.
 */
public final class Times {
  private static final long MILLIS_PER_DAY = 86_400_000L;

  private Times() {
  }

  public static String iso(long epochMillis) {
    long days = Math.floorDiv(epochMillis, MILLIS_PER_DAY);
    long msOfDay = Math.floorMod(epochMillis, MILLIS_PER_DAY);
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    long z = days + 719_468;
    long era = Math.floorDiv(z, 146_097);
    long doe = z - era * 146_097;
    long yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    int day = (int) (doy - (153 * mp + 2) / 5 + 1);
    int month = (int) (mp < 10 ? mp + 3 : mp - 9);
    long year = yoe + era * 400 + (month <= 2 ? 1 : 0);
    int h = (int) (msOfDay / 3_600_000);
    int m = (int) (msOfDay / 60_000 % 60);
    int sec = (int) (msOfDay / 1000 % 60);
    int ms = (int) (msOfDay % 1000);
    char[] out = new char[24];
    put(out, 0, (int) year, 4);
    out[4] = '-';
    put(out, 5, month, 2);
    out[7] = '-';
    put(out, 8, day, 2);
    out[10] = 'T';
    put(out, 11, h, 2);
    out[13] = ':';
    put(out, 14, m, 2);
    out[16] = ':';
    put(out, 17, sec, 2);
    out[19] = '.';
    put(out, 20, ms, 3);
    out[23] = 'Z';
    return new String(out);
  }

  private static void put(char[] out, int at, int value, int width) {
    for (int i = at + width - 1; i >= at; i--) {
      out[i] = (char) ('0' + value % 10);
      value /= 10;
    }
  }
}
