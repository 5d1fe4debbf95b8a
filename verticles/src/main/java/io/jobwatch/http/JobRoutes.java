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
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import static io.jobwatch.http.AuthHandler.caller;

/** The {@code /jobs} endpoints of PROTOCOL.md §2: each parses and checks its input, then asks the registry. */
final class JobRoutes {
  private static final Pattern JOB_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
  private static final int MAX_NAME = 200;
  private static final int MAX_TEXT = 4096;
  private static final long MAX_RESERVE_SECONDS = 366L * 24 * 3600;
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

  void mount(Router router) {
    router.post("/jobs").handler(this::create);
    router.get("/jobs").handler(this::list);
    router.get("/jobs/watch").handler(this::watch);
    router.get("/jobs/:id").handler(this::get);
    router.post("/jobs/:id/status").handler(this::setStatus);
    router.post("/jobs/:id/events").handler(this::event);
    router.get("/jobs/:id/events").handler(this::events);
    router.post("/jobs/:id/runlog").handler(this::appendRunLog);
    router.get("/jobs/:id/runlog").handler(this::runLog);
    router.post("/jobs/:id/messages").handler(this::message);
  }

  private void create(RoutingContext ctx) {
    JsonObject body = Fields.body(ctx);
    String name = Fields.requiredString(body, "name", MAX_NAME);
    String jobId = Fields.optionalString(body, "jobId", 128);
    if (jobId != null && !JOB_ID.matcher(jobId).matches()) {
      throw ApiError.badRequest("'jobId' must be 1-128 characters of A-Z a-z 0-9 . _ : -");
    }
    int maxAttempts = orElse(Fields.optionalInt(body, "maxAttempts", 1, 1000), 1);
    Integer wallTimeLimit = Fields.optionalInt(body, "wallTimeLimit", 1, Integer.MAX_VALUE);
    boolean callbacks = Fields.optionalBoolean(body, "callbacks", false);
    JsonObject custom = Fields.optionalObject(body, "custom");
    Caller caller = caller(ctx);
    if (!caller.canSubmit(name)) {
      throw ApiError.forbidden(caller.name() + " may not submit jobs named " + name);
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> customMap = custom == null ? null : (Map<String, Object>) plain(custom);
    Responses.later(ctx, 201, registry.request(new RegistryCommand.CreateJob(caller, jobId, name,
        plain(body.getValue("args")), customMap, maxAttempts, wallTimeLimit, callbacks)));
  }

  private void get(RoutingContext ctx) {
    Responses.later(ctx, 200, registry.request(new RegistryCommand.GetJob(caller(ctx), ctx.pathParam("id"))));
  }

  private void setStatus(RoutingContext ctx) {
    JsonObject body = Fields.body(ctx);
    EventInput input = EventInput.progress(Fields.optionalInt(body, "percent", 0, 100),
        Fields.optionalString(body, "desc", MAX_TEXT), Fields.optionalLong(body, "reserve_for", 0, MAX_RESERVE_SECONDS));
    Responses.later(ctx, 200, registry.request(
        new RegistryCommand.ApplyEvent(caller(ctx), ctx.pathParam("id"), JobEvent.PROGRESS, input)));
  }

  private void event(RoutingContext ctx) {
    JsonObject body = Fields.body(ctx);
    String name = Fields.requiredString(body, "name", 64);
    JobEvent event = JobEvent.fromWire(name);
    if (event == null || event == JobEvent.RUNLOG) {
      throw ApiError.badRequest("unknown event '" + name + "'");
    }
    EventInput input = new EventInput(Fields.optionalString(body, "reason", MAX_TEXT), plain(body.getValue("result")),
        plain(body.getValue("error")), null, null, Fields.optionalLong(body, "reserve_for", 0, MAX_RESERVE_SECONDS));
    Responses.later(ctx, 200, registry.request(
        new RegistryCommand.ApplyEvent(caller(ctx), ctx.pathParam("id"), event, input)));
  }

  private void events(RoutingContext ctx) {
    long after = orElse(Fields.queryLong(ctx, "after", 0), 0L);
    Responses.later(ctx, 200, registry.request(new RegistryCommand.GetEvents(caller(ctx), ctx.pathParam("id"), after)));
  }

  private void appendRunLog(RoutingContext ctx) {
    JsonObject body = Fields.body(ctx);
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
    Responses.later(ctx, 200, registry.request(
        new RegistryCommand.AppendRunLog(caller(ctx), ctx.pathParam("id"), lines, after)));
  }

  private void runLog(RoutingContext ctx) {
    Integer attempt = Fields.queryInt(ctx, "attempt", 0, Integer.MAX_VALUE);
    int after = orElse(Fields.queryInt(ctx, "after", 0, Integer.MAX_VALUE), 0);
    int limit = orElse(Fields.queryInt(ctx, "limit", 1, 10_000), 1000);
    Responses.later(ctx, 200, registry.request(
        new RegistryCommand.GetRunLog(caller(ctx), ctx.pathParam("id"), attempt, after, limit)));
  }

  private void message(RoutingContext ctx) {
    JsonObject body = Fields.body(ctx);
    JsonObject data = Fields.optionalObject(body, "data");
    if (data == null) {
      throw ApiError.badRequest("'data' (an object) is required");
    }
    Responses.later(ctx, 202, registry.request(
        new RegistryCommand.PostMessage(caller(ctx), ctx.pathParam("id"), data.encode())));
  }

  private void list(RoutingContext ctx) {
    String filter = orElse(ctx.request().getParam("filter"), "all");
    Set<JobState> states = FILTERS.get(filter);
    if (states == null) {
      throw ApiError.badRequest("'filter' must be one of " + String.join(", ", FILTERS.keySet()));
    }
    String state = ctx.request().getParam("state");
    if (state != null && !state.isEmpty()) {
      JobState s = JobState.fromWire(state);
      if (s == null) {
        throw ApiError.badRequest("unknown state '" + state + "'");
      }
      states = states.contains(s) ? EnumSet.of(s) : EnumSet.noneOf(JobState.class);
    }
    String sort = orElse(ctx.request().getParam("sort"), "-updated");
    String key = sort.startsWith("-") ? sort.substring(1) : sort;
    if (!List.of("queued", "started", "finished", "updated", "name", "state", "percent").contains(key)) {
      throw ApiError.badRequest("cannot sort by '" + sort + "'");
    }
    int page = orElse(Fields.queryInt(ctx, "page", 0, Integer.MAX_VALUE), 0);
    int perPage = orElse(Fields.queryInt(ctx, "per_page", 1, limits.maxPerPage()), 50);
    String name = emptyToNull(ctx.request().getParam("name"));
    String owner = emptyToNull(ctx.request().getParam("owner"));
    Responses.later(ctx, 200, registry.request(new RegistryCommand.ListJobs(caller(ctx),
        states.size() == JobState.values().length ? null : states, name, owner, sort, page, perPage)));
  }

  private void watch(RoutingContext ctx) {
    String cursor = emptyToNull(ctx.request().getParam("cursor"));
    Long since = Fields.queryLong(ctx, "since", 0);
    int wait = orElse(Fields.queryInt(ctx, "wait", 0, 60), 0);
    if (cursor != null && since != null) {
      throw ApiError.badRequest("give 'cursor' or 'since', not both");
    }
    Responses.later(ctx, 200, registry.request(new RegistryCommand.Watch(caller(ctx), cursor, since, wait)));
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

  private static String emptyToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }

  private static <T> T orElse(T value, T dflt) {
    return value != null ? value : dflt;
  }
}
