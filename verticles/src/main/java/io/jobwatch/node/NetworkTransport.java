package io.jobwatch.node;

import io.vertx.core.transport.Transport;

import java.util.logging.Logger;

/**
 * The transport of a node's HTTP and WebSocket sockets ({@code JOBWATCH_TRANSPORT}): the JDK's
 * NIO by default. Linux's io_uring on request ({@code auto}: where the kernel, a container's
 * seccomp profile and the CPU allow it, x86-64 and aarch64 bundled) queues reads and writes to a
 * ring and submits them together, a few µs less per HTTP call (README, Performance); it is not the
 * default because a warm start's short run hangs on it (README, Known gaps). Hazelcast's member
 * connections keep their own NIO either way.
 */
final class NetworkTransport {
  private static final Logger LOG = Logger.getLogger(NetworkTransport.class.getName());

  /** The values of {@code JOBWATCH_TRANSPORT}. */
  enum Choice {
    /** io_uring when available, else NIO. */
    AUTO,
    /** io_uring, or the node does not start. */
    IO_URING,
    /** The JDK's NIO (the default). */
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
