package io.jobwatch.registry;

import io.jobwatch.auth.Caller;
import io.jobwatch.shared.model.EventInput;
import io.jobwatch.shared.model.JobEvent;
import io.jobwatch.shared.model.JobState;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The requests the registry answers over the event bus (address {@code Addresses.REGISTRY}).
 * They travel only to the local registry, with the local codec; every answer is a JSON body
 * (Buffer) or a failure carrying the HTTP status and the error body. A change may carry the
 * client's {@code opId} (null: none): the same change sent again with it is applied once.
 */
public sealed interface RegistryCommand {
  Caller caller();

  /** {@code POST /jobs}. */
  record CreateJob(Caller caller, String jobId, String name, Object args, Map<String, Object> custom,
                   int maxAttempts, Integer wallTimeLimit, boolean callbacks, String opId) implements RegistryCommand {
  }

  /** {@code POST /jobs/{id}/events} and SETSTATUS ({@code event} = PROGRESS); the hub's events carry a guard. */
  record ApplyEvent(Caller caller, String jobId, JobEvent event, EventInput input, Guard guard, String opId)
      implements RegistryCommand {
    public ApplyEvent(Caller caller, String jobId, JobEvent event, EventInput input, String opId) {
      this(caller, jobId, event, input, Guard.ALWAYS, opId);
    }
  }

  /** {@code POST /jobs/{id}/runlog}. */
  record AppendRunLog(Caller caller, String jobId, List<String> lines, Integer after, String opId)
      implements RegistryCommand {
  }

  /** {@code GET /jobs/{id}}. */
  record GetJob(Caller caller, String jobId) implements RegistryCommand {
  }

  /** {@code GET /jobs/{id}/runlog}; {@code attempt} null means the current one. */
  record GetRunLog(Caller caller, String jobId, Integer attempt, int after, int limit) implements RegistryCommand {
  }

  /** {@code GET /jobs/{id}/events}. */
  record GetEvents(Caller caller, String jobId, long afterSeq) implements RegistryCommand {
  }

  /** {@code POST /jobs/{id}/messages}; {@code data} is JSON text. */
  record PostMessage(Caller caller, String jobId, String data) implements RegistryCommand {
  }

  /** {@code GET /jobs}. {@code sort} is a field name with an optional leading '-'. */
  record ListJobs(Caller caller, Set<JobState> states, String nameGlob, String owner, String sort, int page,
                  int perPage) implements RegistryCommand {
  }

  /** {@code GET /queue/history}. */
  record History(Caller caller, int page, int perPage) implements RegistryCommand {
  }

  /** {@code GET /queue/summary}. */
  record Summary(Caller caller) implements RegistryCommand {
  }

  /** {@code GET /jobs/watch}: from a cursor, or from a time, or (neither) from now. */
  record Watch(Caller caller, String cursor, Long since, int waitSeconds) implements RegistryCommand {
  }
}
