package io.jobwatch.auth;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import io.jobwatch.cluster.Wire;
import io.jobwatch.shared.model.Job;
import io.jobwatch.shared.model.JobEvent;

import java.io.IOException;
import java.util.List;
import java.util.Set;

/**
 * Who makes a request, as the token says (claims {@code sub}, {@code roles}, {@code perms}), and
 * what that allows (PROTOCOL.md §2 "Roles"). The registry's entry processors carry it (field by
 * field, {@link #writeTo}) to the member that owns the job and decide there, atomically with the change.
 */
public record Caller(String name, Set<String> roles, List<String> perms) {

  /** The hub itself (watchdogs). */
  public static final Caller HUB = new Caller("hub", Set.of("admin"), List.of());

  /** Writes the caller inside an entry processor's wire form. */
  public void writeTo(ObjectDataOutput out) throws IOException {
    out.writeString(name);
    Wire.writeStrings(out, roles);
    Wire.writeStrings(out, perms);
  }

  public static Caller readFrom(ObjectDataInput in) throws IOException {
    String name = in.readString();
    Set<String> roles = Set.copyOf(Wire.readStrings(in));
    return new Caller(name, roles, Wire.readStringList(in));
  }

  public boolean isAdmin() {
    return roles.contains("admin");
  }

  public boolean isWorker() {
    return roles.contains("worker");
  }

  public boolean isUser() {
    return roles.contains("user");
  }

  public boolean hasPerm(String perm) {
    return isAdmin() || perms.contains(perm);
  }

  public boolean canRead(Job job) {
    return canRead(job.name, job.owner);
  }

  public boolean canRead(String jobName, String owner) {
    return isAdmin() || isWorker() || name.equals(owner)
        || matches("job:read:", jobName) || matches("job:control:", jobName);
  }

  public boolean canSubmit(String jobName) {
    return isAdmin() || isUser() || matches("job:submit:", jobName);
  }

  public boolean canControl(Job job) {
    return isAdmin() || matches("job:control:", job.name);
  }

  public boolean isOwner(Job job) {
    return name.equals(job.owner);
  }

  /** May this caller send this event to this job (the "sent by" column of §1)? */
  public boolean mayApply(JobEvent event, Job job) {
    if (isAdmin()) {
      return true;
    }
    return switch (event) {
      case REQUEST_START_JOB, START_JOB, COMPLETE_JOB, DEFER_JOB, FAILED_START, FAILED_JOB, KILL_JOB,
           REMOVE_JOB, PROGRESS, RUNLOG -> isWorker();
      case REQUEST_KILL_JOB, REQUEST_REMOVE_JOB, RESTART_WAITING, RESTART_STOPPED -> isOwner(job) || canControl(job);
      case INACTIVATE_JOB -> canControl(job);
      case FLAG_NONSTOP, FLAG_ZOMBIE, ENQUEUE_JOB -> false;
    };
  }

  /** The name globs of one kind of perm ({@code job:read:}, ...). */
  public List<String> globs(String prefix) {
    return perms.stream().filter(p -> p.startsWith(prefix)).map(p -> p.substring(prefix.length())).toList();
  }

  private boolean matches(String prefix, String jobName) {
    for (String p : perms) {
      if (p.startsWith(prefix) && Glob.matches(p.substring(prefix.length()), jobName)) {
        return true;
      }
    }
    return false;
  }
}
