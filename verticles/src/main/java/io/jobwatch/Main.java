package io.jobwatch;

import io.jobwatch.node.Launcher;

/** {@code java -jar jobwatch.jar}: one node, configured from the environment. */
public final class Main {
  public static void main(String[] args) {
    Launcher.run();
  }
}
