package io.jobwatch.http;

import io.jobwatch.auth.Caller;
import io.jobwatch.node.NodeConfig;
import io.jobwatch.registry.Registry;
import io.jobwatch.registry.RegistryCommand;
import io.jobwatch.shared.json.Json;
import io.jobwatch.shared.model.EventInput;
import io.jobwatch.shared.model.JobEvent;
import io.jobwatch.shared.model.JobState;
import io.jobwatch.shared.protocol.ApiError;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** The {@code /jobs} endpoints of PROTOCOL.md §2: each parses and checks its input, then asks the registry. */
final class JobRoutes {
  private static final Pattern JOB_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
  private static final int MAX_NAME = 200;
  private static final int MAX_TEXT = 4096;
  private static final long MAX_RESERVE_SECONDS = 366L * 24 * 3600;
  private static final int MAX_OP_ID = 64;
  private static final Map<String, Set<JobState>> FILTERS = Map.of(
      "all", EnumSet.allOf(JobState.class),
      "waiting", EnumSet.copyOf(JobState.WAITING),
      "pending", EnumSet.of(JobState.PENDING),
      "running", EnumSet.of(JobState.RUNNING),
      "stopped", EnumSet.copyOf(JobState.STOPPED),
      "completed", EnumSet.of(JobState.COMPLETE),
      "finished", EnumSet.of(JobState.COMPLETE, JobState.ERROR, JobState.KILLED, JobState.INACTIVE),
      "active", EnumSet.of(JobState.PENDING, JobState.DEFERRED, JobState.FAILED, JobState.RUNNING));

  private final Registry registry;
  private final NodeConfig.Limits limits;

  JobRoutes(Registry registry, NodeConfig.Limits limits) {
    this.registry = registry;
    this.limits = limits;
  }

  void mount(ApiRoutes routes) {
    // The reports of running jobs first: they are most of the traffic.
    routes.add(HttpMethod.POST, "/jobs/:id/status", 200, this::setStatus);
    routes.add(HttpMethod.POST, "/jobs/:id/runlog", 200, this::appendRunLog);
    routes.add(HttpMethod.POST, "/jobs/:id/events", 200, this::event);
    routes.add(HttpMethod.POST, "/jobs", 201, this::create);
    routes.add(HttpMethod.GET, "/jobs", 200, this::list);
    routes.add(HttpMethod.GET, "/jobs/watch", 200, this::watch);
    routes.add(HttpMethod.GET, "/jobs/:id", 200, this::get);
    routes.add(HttpMethod.GET, "/jobs/:id/events", 200, this::events);
    routes.add(HttpMethod.GET, "/jobs/:id/runlog", 200, this::runLog);
    routes.add(HttpMethod.POST, "/jobs/:id/messages", 202, this::message);
  }

  private Future<Buffer> create(ApiRequest r) {
    JsonObject body = r.body();
    String name = Fields.requiredString(body, "name", MAX_NAME);
    String jobId = Fields.optionalString(body, "jobId", 128);
    if (jobId != null && !JOB_ID.matcher(jobId).matches()) {
      throw ApiError.badRequest("'jobId' must be 1-128 characters of A-Z a-z 0-9 . _ : -");
    }
    int maxAttempts = orElse(Fields.optionalInt(body, "maxAttempts", 1, 1000), 1);
    Integer wallTimeLimit = Fields.optionalInt(body, "wallTimeLimit", 1, Integer.MAX_VALUE);
    boolean callbacks = Fields.optionalBoolean(body, "callbacks", false);
    JsonObject custom = Fields.optionalObject(body, "custom");
    Caller caller = r.caller();
    if (!caller.canSubmit(name)) {
      throw ApiError.forbidden(caller.name() + " may not submit jobs named " + name);
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> customMap = custom == null ? null : (Map<String, Object>) plain(custom);
    return registry.request(new RegistryCommand.CreateJob(caller, jobId, name,
        plain(body.getValue("args")), customMap, maxAttempts, wallTimeLimit, callbacks, opId(body)));
  }

  private Future<Buffer> get(ApiRequest r) {
    return registry.request(new RegistryCommand.GetJob(r.caller(), r.param("id")));
  }

  private Future<Buffer> setStatus(ApiRequest r) {
    JsonObject body = r.body();
    EventInput input = EventInput.progress(Fields.optionalInt(body, "percent", 0, 100),
        Fields.optionalString(body, "desc", MAX_TEXT), Fields.optionalLong(body, "reserve_for", 0, MAX_RESERVE_SECONDS));
    return registry.request(
        new RegistryCommand.ApplyEvent(r.caller(), r.param("id"), JobEvent.PROGRESS, input, opId(body)));
  }

  private Future<Buffer> event(ApiRequest r) {
    JsonObject body = r.body();
    String name = Fields.requiredString(body, "name", 64);
    JobEvent event = JobEvent.fromWire(name);
    if (event == null || event == JobEvent.RUNLOG) {
      throw ApiError.badRequest("unknown event '" + name + "'");
    }
    EventInput input = new EventInput(Fields.optionalString(body, "reason", MAX_TEXT), plain(body.getValue("result")),
        plain(body.getValue("error")), null, null, Fields.optionalLong(body, "reserve_for", 0, MAX_RESERVE_SECONDS));
    return registry.request(
        new RegistryCommand.ApplyEvent(r.caller(), r.param("id"), event, input, opId(body)));
  }

  private Future<Buffer> events(ApiRequest r) {
    long after = orElse(Fields.queryLong(r, "after", 0), 0L);
    return registry.request(new RegistryCommand.GetEvents(r.caller(), r.param("id"), after));
  }

  private Future<Buffer> appendRunLog(ApiRequest r) {
    JsonObject body = r.body();
    Object raw = body.getValue("lines");
    if (!(raw instanceof JsonArray array) || array.isEmpty()) {
      throw ApiError.badRequest("'lines' must be a non-empty list of strings");
    }
    if (array.size() > limits.maxLinesPerBatch()) {
      throw ApiError.tooLarge("a batch has at most " + limits.maxLinesPerBatch() + " lines");
    }
    List<String> lines = Fields.optionalStrings(body, "lines");
    for (String line : lines) {
      if (line.length() > limits.maxLineChars()) {
        throw ApiError.tooLarge("a run-log line has at most " + limits.maxLineChars() + " characters");
      }
    }
    Integer after = Fields.optionalInt(body, "after", 0, Integer.MAX_VALUE);
    return registry.request(
        new RegistryCommand.AppendRunLog(r.caller(), r.param("id"), lines, after, opId(body)));
  }

  private Future<Buffer> runLog(ApiRequest r) {
    Integer attempt = Fields.queryInt(r, "attempt", 0, Integer.MAX_VALUE);
    int after = orElse(Fields.queryInt(r, "after", 0, Integer.MAX_VALUE), 0);
    int limit = orElse(Fields.queryInt(r, "limit", 1, 10_000), 1000);
    return registry.request(
        new RegistryCommand.GetRunLog(r.caller(), r.param("id"), attempt, after, limit));
  }

  private Future<Buffer> message(ApiRequest r) {
    JsonObject body = r.body();
    JsonObject data = Fields.optionalObject(body, "data");
    if (data == null) {
      throw ApiError.badRequest("'data' (an object) is required");
    }
    return registry.request(
        new RegistryCommand.PostMessage(r.caller(), r.param("id"), data.encode()));
  }

  private Future<Buffer> list(ApiRequest r) {
    String filter = orElse(r.param("filter"), "all");
    Set<JobState> states = FILTERS.get(filter);
    if (states == null) {
      throw ApiError.badRequest("'filter' must be one of " + String.join(", ", FILTERS.keySet()));
    }
    String state = r.param("state");
    if (state != null && !state.isEmpty()) {
      JobState s = JobState.fromWire(state);
      if (s == null) {
        throw ApiError.badRequest("unknown state '" + state + "'");
      }
      states = states.contains(s) ? EnumSet.of(s) : EnumSet.noneOf(JobState.class);
    }
    String sort = orElse(r.param("sort"), "-updated");
    String key = sort.startsWith("-") ? sort.substring(1) : sort;
    if (!List.of("queued", "started", "finished", "updated", "name", "state", "percent").contains(key)) {
      throw ApiError.badRequest("cannot sort by '" + sort + "'");
    }
    int page = orElse(Fields.queryInt(r, "page", 0, Integer.MAX_VALUE), 0);
    int perPage = orElse(Fields.queryInt(r, "per_page", 1, limits.maxPerPage()), 50);
    String name = emptyToNull(r.param("name"));
    String owner = emptyToNull(r.param("owner"));
    return registry.request(new RegistryCommand.ListJobs(r.caller(),
        states.size() == JobState.values().length ? null : states, name, owner, sort, page, perPage));
  }

  private Future<Buffer> watch(ApiRequest r) {
    String cursor = emptyToNull(r.param("cursor"));
    Long since = Fields.queryLong(r, "since", 0);
    int wait = orElse(Fields.queryInt(r, "wait", 0, 60), 0);
    if (cursor != null && since != null) {
      throw ApiError.badRequest("give 'cursor' or 'since', not both");
    }
    return registry.request(new RegistryCommand.Watch(r.caller(), cursor, since, wait));
  }

  /** Vert.x JSON values as plain, serializable Java values (maps, lists, strings, numbers). */
  private static Object plain(Object jsonValue) {
    if (jsonValue == null) {
      return null;
    }
    try {
      return Json.MAPPER.readValue(io.vertx.core.json.Json.encode(jsonValue), Object.class);
    } catch (java.io.IOException e) {
      throw ApiError.badRequest("unreadable JSON value");
    }
  }

  /** The client's id of a change (optional): the same change sent again with it is applied once. */
  private static String opId(JsonObject body) {
    return Fields.optionalString(body, "opId", MAX_OP_ID);
  }

  private static String emptyToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }

  private static <T> T orElse(T value, T dflt) {
    return value != null ? value : dflt;
  }
}
