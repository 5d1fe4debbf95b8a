package io.jobwatch.registry;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.jobwatch.auth.Caller;
import io.jobwatch.cluster.ClusterNames;
import io.jobwatch.cluster.HazelcastErrors;
import io.jobwatch.metrics.HubMetrics;
import io.jobwatch.node.NodeConfig;
import io.jobwatch.registry.RegistryCommand.AppendRunLog;
import io.jobwatch.registry.RegistryCommand.ApplyEvent;
import io.jobwatch.registry.RegistryCommand.CreateJob;
import io.jobwatch.registry.RegistryCommand.GetEvents;
import io.jobwatch.registry.RegistryCommand.GetJob;
import io.jobwatch.registry.RegistryCommand.GetRunLog;
import io.jobwatch.registry.RegistryCommand.ListJobs;
import io.jobwatch.registry.RegistryCommand.PostMessage;
import io.jobwatch.registry.RegistryCommand.Watch;
import io.jobwatch.shared.json.Json;
import io.jobwatch.shared.model.Job;
import io.jobwatch.shared.model.JobState;
import io.jobwatch.shared.model.RunLogInfo;
import io.jobwatch.shared.protocol.ApiError;
import io.jobwatch.shared.protocol.JobStatusFrame;
import io.jobwatch.shared.protocol.QueueEvent;
import io.netty.buffer.Unpooled;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;

/**
 * The status registry: reads and changes the job data in Hazelcast. Every change is one entry
 * processor on the member that owns the job; each applied change is then appended to the queue
 * history and sent to the nodes that follow the job ({@link FollowNotifier}).
 *
 * <p>One per event loop (each HTTP verticle instance and the ticker make their own), called
 * directly on that loop: no event-bus hop between a request and its change. Answers are JSON
 * bodies; refusals are failed futures of {@link ApiError}.
 */
public final class Registry {
  private static final Logger LOG = Logger.getLogger(Registry.class.getName());

  private static final SecureRandom RANDOM = new SecureRandom();
  /** Operation ids: unique per node and process (a random prefix) and per operation (a counter). */
  private static final String OP_PREFIX = Long.toString(RANDOM.nextLong() & Long.MAX_VALUE, 36) + ":";
  private static final AtomicLong OP_COUNTER = new AtomicLong();

  private final NodeConfig config;
  private final Vertx vertx;
  private final Context context;
  private final IMap<String, JobRecord> jobs;
  private final QueueHistory history;
  private final JobStore store;
  private final CapacityGuard capacity;
  private final FollowNotifier followers;
  private final HubMetrics metrics;
  private final JobLister lister;
  private final Watcher watcher;
  private final QueueSummary summary;
  private final QueueSnapshots snapshots;

  /** A registry whose answers complete on {@code context}. */
  public Registry(NodeConfig config, HazelcastInstance hazelcast, CapacityGuard capacity, FollowNotifier followers,
                  HubMetrics metrics, Vertx vertx, Context context) {
    this.metrics = metrics;
    this.config = config;
    this.vertx = vertx;
    this.context = context;
    this.capacity = capacity;
    this.followers = followers;
    jobs = hazelcast.getMap(ClusterNames.JOBS_MAP);
    store = new JobStore(hazelcast, context);
    history = store.history();
    lister = new JobLister(vertx, jobs);
    watcher = new Watcher(vertx, jobs, store);
    summary = new QueueSummary(vertx, hazelcast);
    snapshots = new QueueSnapshots(vertx, context, hazelcast);
  }

  /** Answers a command: its JSON body, or a failed future of {@link ApiError}. */
  public Future<Buffer> request(RegistryCommand command) {
    Future<Buffer> answer;
    try {
      answer = dispatch(command);
    } catch (ApiError e) {
      answer = Future.failedFuture(e);
    }
    return answer.recover(t -> Future.failedFuture(HazelcastErrors.toApiError(t, LOG)));
  }

  private Future<Buffer> dispatch(RegistryCommand command) {
    // Java 17: no pattern switch yet; the sealed interface keeps this list complete.
    if (command instanceof CreateJob c) {
      return create(c);
    }
    if (command instanceof ApplyEvent c) {
      return change(c.jobId(), c.caller().name(), new ApplyEventProcessor(opId(c.caller(), c.opId()), c.caller(), c.event(), c.input(),
          System.currentTimeMillis(), config.retentionSeconds(), config.limits().eventsKeptPerJob(), c.guard()));
    }
    if (command instanceof AppendRunLog c) {
      return change(c.jobId(), c.caller().name(), new AppendRunLogProcessor(opId(c.caller(), c.opId()), c.caller(), c.lines(), c.after(),
          System.currentTimeMillis(), config.limits().maxLinesPerAttempt()));
    }
    if (command instanceof GetJob c) {
      return store.run(c.jobId(), ReadProcessor.job(c.caller())).map(Json::buffer);
    }
    if (command instanceof GetRunLog c) {
      return store.<RunLogPage>run(c.jobId(), ReadProcessor.runLog(c.caller(), c.attempt(), c.after(), c.limit()))
          .map(page -> page.toJson().toBuffer());
    }
    if (command instanceof GetEvents c) {
      return store.<byte[]>run(c.jobId(), ReadProcessor.events(c.caller(), c.afterSeq())).map(Buffer::buffer);
    }
    if (command instanceof PostMessage c) {
      return postMessage(c);
    }
    if (command instanceof ListJobs c) {
      return lister.list(c);
    }
    if (command instanceof Watch c) {
      return watcher.watch(c);
    }
    if (command instanceof RegistryCommand.History c) {
      if (!c.caller().hasPerm("queue:history")) {
        return Future.failedFuture(ApiError.forbidden("the queue history needs queue:history"));
      }
      return snapshots.page(c.page(), c.perPage()).map(JsonObject::toBuffer);
    }
    if (command instanceof RegistryCommand.Summary c) {
      long now = System.currentTimeMillis();
      return summary.counts().map(counts -> QueueSummary.view(counts, c.caller(), now).toBuffer());
    }
    throw new IllegalArgumentException("unknown registry command " + command.getClass());
  }

  private Future<Buffer> create(CreateJob c) {
    if (!capacity.reserve()) {
      return Future.failedFuture(ApiError.capacity("the cluster holds its limit of " + config.maxJobs() + " jobs"));
    }
    Future<Buffer> created;
    try {
      Job job = newJob(c.jobId() != null ? c.jobId() : newJobId(), c);
      created = change(job.jobId, c.caller().name(),
          new CreateJobProcessor(opId(c.caller(), c.opId()), job, config.limits().eventsKeptPerJob()));
    } catch (RuntimeException e) {
      capacity.settle(false);
      throw e;
    }
    return created.onComplete(ar -> capacity.settle(ar.succeeded()));
  }

  private static Job newJob(String jobId, CreateJob c) {
    long now = System.currentTimeMillis();
    Job job = new Job();
    job.jobId = jobId;
    job.name = c.name();
    job.owner = c.caller().name();
    job.state = JobState.PENDING;
    job.maxAttempts = c.maxAttempts();
    job.wallTimeLimit = c.wallTimeLimit();
    job.callbacks = c.callbacks();
    job.args = c.args();
    job.custom = c.custom();
    job.seq = 1;
    job.queued = now;
    job.updated = now;
    job.runLog = new RunLogInfo(0, 0);
    return job;
  }

  private Future<Buffer> postMessage(PostMessage c) {
    AppMessage message = new AppMessage(UUID.randomUUID().toString(), System.currentTimeMillis(), c.data());
    return store.<String[]>run(c.jobId(), new PostMessageProcessor(c.caller(), message))
        .compose(following -> {
          Buffer wire = Buffer.buffer("{\"type\":\"APP_MESSAGE\",\"jobId\":").appendString(quote(c.jobId()))
              .appendString(",\"messageId\":").appendString(quote(message.messageId()))
              .appendString(",\"data\":").appendString(c.data()).appendString("}");
          tellFollowers(c.jobId(), following, wire);
          return Future.succeededFuture(new JsonObject().put("messageId", message.messageId()).toBuffer());
        });
  }

  /** Runs a changing processor, then records and publishes what it changed; answers the job's JSON. */
  private Future<Buffer> change(String jobId, String author,
                                com.hazelcast.map.EntryProcessor<String, JobRecord, Outcome> processor) {
    return store.change(jobId, processor).compose(outcome -> {
      if (!(outcome instanceof Outcome.Refused)) {
        metrics.changeApplied();
      }
      if (outcome instanceof Outcome.Changed c) {
        return recordEvent(c.event(), c.created(), author, c.job(), false, c.followers());
      }
      if (outcome instanceof Outcome.Appended a) {
        return publishLines(a);
      }
      if (outcome instanceof Outcome.Removed r) {
        return recordEvent(r.event(), r.created(), author, r.last(), true, r.followers());
      }
      return Future.failedFuture(((Outcome.Refused) outcome).error());
    });
  }

  /** Sends a change to the nodes that follow the job; followers on nodes that left stop following it. */
  private void tellFollowers(String jobId, String[] following, Buffer message) {
    Set<String> gone = followers.notify(following, message);
    if (gone != null) {
      store.dropFollowers(jobId, gone);
    }
  }

  private Future<Buffer> recordEvent(String event, long created, String author, JobView job, boolean removed,
                                     String[] following) {
    if (following != null) {
      tellFollowers(job.jobId(), following,
          Buffer.buffer(JobStatusFrame.of(job.jobId(), job.seq(), job.attempt(), job.json(), removed)));
    }
    QueueEvent queueEvent = new QueueEvent(event, created, author, job.jobId(), job.name(), job.owner(), job.state(),
        job.seq(), job.attempt(), job.json(), removed);
    // The answer wraps the job's JSON instead of copying it: nobody writes to that array again.
    return history.append(queueEvent).map(offset -> BufferInternal.buffer(Unpooled.wrappedBuffer(job.json())));
  }

  private Future<Buffer> publishLines(Outcome.Appended a) {
    // The lines themselves are read back by the gateway from the store; the message only says
    // which numbers now exist, which keeps it small and the store the one truth.
    if (a.followers() != null) {
      Buffer wire = Buffer.buffer(96).appendString("{\"type\":\"RUNLOG_APPENDED\",\"jobId\":")
          .appendString(quote(a.jobId())).appendString(",\"attempt\":").appendString(Integer.toString(a.attempt()))
          .appendString(",\"startLine\":").appendString(Integer.toString(a.first()))
          .appendString(",\"endLine\":").appendString(Integer.toString(a.last()))
          .appendString(",\"seq\":").appendString(Long.toString(a.seq())).appendString("}");
      tellFollowers(a.jobId(), a.followers(), wire);
    }
    // {attempt, lastLine} per the contract, plus the job's new seq (an append changes runLog.lines).
    return Future.succeededFuture(new JsonObject().put("attempt", a.attempt()).put("lastLine", a.last())
        .put("seq", a.seq()).toBuffer());
  }

  private static String quote(String s) {
    return new String(Json.bytes(s), StandardCharsets.UTF_8);
  }

  private static String newJobId() {
    byte[] b = new byte[16];
    RANDOM.nextBytes(b);
    String hex = HexFormat.of().formatHex(b);
    return hex.substring(0, 8) + "-" + hex.substring(8, 16) + "-" + hex.substring(16, 24) + "-" + hex.substring(24);
  }

  /** Unique per operation: this node's random prefix and a counter (no SecureRandom on the hot path). */
  private static String opId() {
    return OP_PREFIX + Long.toString(OP_COUNTER.incrementAndGet(), 36);
  }

  /** The client's operation id, in the caller's name so users never collide; else a new one. */
  private static String opId(Caller caller, String clientOpId) {
    return clientOpId == null ? opId() : caller.name() + "/" + clientOpId;
  }
}
