package io.jobwatch.auth;

import io.vertx.core.MultiMap;
import io.vertx.core.net.SocketAddress;

/**
 * The address a request comes from, which the login limits count by: the peer's address, or,
 * behind a reverse proxy named by {@code JOBWATCH_CLIENT_ADDRESS_HEADER}, the last address in that
 * header (the one the proxy itself appended; earlier ones are the client's to forge).
 */
public final class ClientAddress {
  private ClientAddress() {
  }

  /** @param header the header a trusted proxy sets, or null to use the peer's address */
  public static String of(SocketAddress peer, MultiMap headers, String header) {
    if (header != null) {
      String value = headers.get(header);
      if (value != null && !value.isBlank()) {
        String[] hops = value.split(",");
        return hops[hops.length - 1].trim();
      }
    }
    if (peer == null) {
      return "unknown";
    }
    return peer.hostAddress() != null ? peer.hostAddress() : peer.host();
  }
}
