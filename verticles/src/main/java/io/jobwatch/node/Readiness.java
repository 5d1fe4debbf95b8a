package io.jobwatch.node;

import java.util.concurrent.atomic.AtomicBoolean;

/** Whether this node serves: false until it joined and the registry runs, and again while it shuts down. */
public final class Readiness {
  private final AtomicBoolean ready = new AtomicBoolean();

  public boolean isReady() {
    return ready.get();
  }

  public void set(boolean value) {
    ready.set(value);
  }
}
