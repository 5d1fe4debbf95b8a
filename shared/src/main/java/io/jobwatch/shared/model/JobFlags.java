package io.jobwatch.shared.model;

import com.fasterxml.jackson.annotation.JsonProperty;


/** The four flags of a job; immutable, so a record can share it between versions. */
public record JobFlags(@JsonProperty("zombie") boolean zombie, @JsonProperty("nonstop") boolean nonstop, @JsonProperty("killRequested") boolean killRequested, @JsonProperty("removeRequested") boolean removeRequested) {

  public static final JobFlags NONE = new JobFlags(false, false, false, false);

  public JobFlags withZombie(boolean v) {
    return new JobFlags(v, nonstop, killRequested, removeRequested);
  }

  public JobFlags withNonstop(boolean v) {
    return new JobFlags(zombie, v, killRequested, removeRequested);
  }

  public JobFlags withKillRequested(boolean v) {
    return new JobFlags(zombie, nonstop, v, removeRequested);
  }

  public JobFlags withRemoveRequested(boolean v) {
    return new JobFlags(zombie, nonstop, killRequested, v);
  }
}
