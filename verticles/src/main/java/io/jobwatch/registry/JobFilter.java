package io.jobwatch.registry;

import com.hazelcast.query.Predicate;
import io.jobwatch.auth.Caller;
import io.jobwatch.auth.Glob;
import io.jobwatch.shared.model.Job;
import io.jobwatch.shared.model.JobState;

import java.util.Map;
import java.util.Set;

/**
 * Which jobs a list or scan returns: states, a name glob, an owner, a lower bound on
 * {@code updated}, and always only the jobs the caller may read. Evaluated on every member.
 */
record JobFilter(Caller caller, Set<JobState> states, String nameGlob, String owner, Long updatedAfter)
    implements Predicate<String, JobRecord> {

  @Override
  public boolean apply(Map.Entry<String, JobRecord> entry) {
    Job job = entry.getValue().job;
    return (states == null || states.contains(job.state))
        && (nameGlob == null || Glob.matches(nameGlob, job.name))
        && (owner == null || owner.equals(job.owner))
        && (updatedAfter == null || job.updated > updatedAfter)
        && caller.canRead(job);
  }
}
