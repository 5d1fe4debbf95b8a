package io.jobwatch.registry;

import java.io.Serializable;

/** A condition checked on the record, where it lives, right before a change: the change applies only while it holds. */
@FunctionalInterface
public interface Guard extends Serializable {
  boolean holds(JobRecord record);

  Guard ALWAYS = r -> true;
}
