package io.jobwatch.registry;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;

import java.util.Map;

/**
 * A processor on one job whose answer, when the job lives on the member that sent it, is handed
 * back as the object itself. Hazelcast turns every single-key processor's answer into bytes, and
 * the caller reads them back, even when the call never left the member: for a change that is the
 * job's JSON and fields written and copied twice, most of the garbage a status update makes.
 *
 * <p>The sender marks its instance ({@link #sentFromHere}) before it submits it; a processor that
 * runs on that very instance keeps its answer in it and answers null to Hazelcast. A copy read from
 * bytes (the job lives on another member, or a backup) is never marked and answers the usual way.
 * The answer is read after the call's future completes, which orders it after the write.
 */
abstract class HandedBackProcessor<R> implements EntryProcessor<String, JobRecord, R>, IdentifiedDataSerializable {
  /** Never serialized: a copy on another member starts unmarked. */
  private transient boolean sentFromHere;
  private transient R handedBack;

  @Override
  public final R process(Map.Entry<String, JobRecord> entry) {
    R computed = answer(entry);
    if (!sentFromHere) {
      return computed;
    }
    handedBack = computed;
    return null;
  }

  /** What the processor answers; {@code entry.setValue} stores a change. */
  abstract R answer(Map.Entry<String, JobRecord> entry);

  /** Marks this instance as the one the sender holds, and forgets an answer of an earlier try. */
  final void sentFromHere() {
    sentFromHere = true;
    handedBack = null;
  }

  /** The answer of a call of {@code processor}: what Hazelcast returned, else what was handed back. */
  static <R> R answerOf(EntryProcessor<String, JobRecord, R> processor, R returned) {
    if (returned == null && processor instanceof HandedBackProcessor<R> sent) {
      return sent.handedBack;
    }
    return returned;
  }
}
