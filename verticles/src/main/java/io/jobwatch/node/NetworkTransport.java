package io.jobwatch.node;

import io.vertx.core.transport.Transport;

import java.util.logging.Logger;

/**
 * The transport of a node's HTTP and WebSocket sockets ({@code JOBWATCH_TRANSPORT}). Linux's
 * io_uring where the kernel allows it: an HTTP answer or a frame is one system call either way,
 * but queued to a ring and submitted together instead of one {@code write} each (README,
 * Performance). Containers whose seccomp profile refuses io_uring, other systems and other CPUs
 * than x86-64 and aarch64 (the native libraries bundled) get the JDK's NIO. Hazelcast's
 * member connections keep their own NIO either way.
 */
final class NetworkTransport {
  private static final Logger LOG = Logger.getLogger(NetworkTransport.class.getName());

  /** The values of {@code JOBWATCH_TRANSPORT}. */
  enum Choice {
    /** io_uring when available, else NIO (the default). */
    AUTO,
    /** io_uring, or the node does not start. */
    IO_URING,
    /** The JDK's NIO. */
    NIO
  }

  private NetworkTransport() {
  }

  /** The transport this choice gives here; {@link IllegalStateException} when io_uring is required and unavailable. */
  static Transport of(Choice choice) {
    return switch (choice) {
      case NIO -> Transport.NIO;
      case IO_URING -> {
        if (!Transport.IO_URING.available()) {
          throw new IllegalStateException("JOBWATCH_TRANSPORT=io_uring, but io_uring is not available here: "
              + Transport.IO_URING.unavailabilityCause(), Transport.IO_URING.unavailabilityCause());
        }
        yield Transport.IO_URING;
      }
      case AUTO -> {
        if (Transport.IO_URING.available()) {
          yield Transport.IO_URING;
        }
        LOG.info("io_uring is not available (" + Transport.IO_URING.unavailabilityCause() + "); sockets use NIO");
        yield Transport.NIO;
      }
    };
  }
}
