package io.jobwatch.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Ports for test servers. They come from below Linux's ephemeral range (32768-60999): a port the
 * kernel handed out for a test and then saw closed would otherwise soon be given again as the
 * local port of some outgoing connection (Hazelcast members connect to each other all the time),
 * and the server that wants it would fail with "Address already in use". None is given twice
 * in one JVM.
 */
public final class FreePorts {
  private static final int FIRST = 20_000;
  private static final int LAST = 32_000;
  private static final Set<Integer> GIVEN = ConcurrentHashMap.newKeySet();

  private FreePorts() {
  }

  public static int next() {
    for (int attempt = 0; attempt < 1000; attempt++) {
      int port = ThreadLocalRandom.current().nextInt(FIRST, LAST);
      if (GIVEN.contains(port)) {
        continue;
      }
      try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
        if (GIVEN.add(port)) {
          return port;
        }
      } catch (IOException e) {
        // taken: try another
      }
    }
    throw new IllegalStateException("no free port between " + FIRST + " and " + LAST);
  }
}
