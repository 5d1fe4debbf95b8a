package io.jobwatch.registry;

import io.jobwatch.shared.protocol.ApiError;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The opaque cursor of {@code GET /jobs/watch}: the next queue-history offset to read, and the
 * time of the last change seen (used only when that offset has been overwritten).
 */
record WatchCursor(long offset, long time) {
  private static final String VERSION = "1";

  String encode() {
    String plain = VERSION + ":" + offset + ":" + time;
    return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.US_ASCII));
  }

  static WatchCursor decode(String cursor) {
    try {
      String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.US_ASCII).split(":");
      if (parts.length == 3 && parts[0].equals(VERSION)) {
        long offset = Long.parseLong(parts[1]);
        long time = Long.parseLong(parts[2]);
        if (offset >= 0) {
          return new WatchCursor(offset, time);
        }
      }
    } catch (IllegalArgumentException e) {
      // falls through to the refusal
    }
    throw ApiError.badRequest("cursor is not one this service returned");
  }
}
