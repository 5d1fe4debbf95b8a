package io.jobwatch.gateway;

import io.jobwatch.auth.Caller;
import io.jobwatch.auth.Glob;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Which queue events one socket's caller may read, decided from the name and owner kept beside
 * each event: his rights compiled once per socket, his answers per job name remembered (names
 * repeat; a queue has few). Used on the socket's event loop only.
 */
final class Visibility {
  private static final int MAX_NAMES_REMEMBERED = 4096;
  private final String name;
  private final boolean all;
  private final List<String> globs;
  private final Map<String, Boolean> byJobName = new HashMap<>();

  private Visibility(String name, boolean all, List<String> globs) {
    this.name = name;
    this.all = all;
    this.globs = globs;
  }

  static Visibility of(Caller caller) {
    return new Visibility(caller.name(), caller.isAdmin() || caller.isWorker(),
        Stream.concat(caller.globs("job:read:").stream(), caller.globs("job:control:").stream()).toList());
  }

  /** Everything: no event needs a look. */
  boolean all() {
    return all;
  }

  boolean canRead(String jobName, String owner) {
    if (all || name.equals(owner)) {
      return true;
    }
    Boolean known = byJobName.get(jobName);
    if (known == null) {
      known = globs.stream().anyMatch(g -> Glob.matches(g, jobName));
      if (byJobName.size() >= MAX_NAMES_REMEMBERED) {
        byJobName.clear();
      }
      byJobName.put(jobName, known);
    }
    return known;
  }
}
