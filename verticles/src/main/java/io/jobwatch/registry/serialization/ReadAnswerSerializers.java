package io.jobwatch.registry.serialization;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.StreamSerializer;
import io.jobwatch.cluster.ClusterNames;
import io.jobwatch.registry.AppMessage;
import io.jobwatch.registry.RunLogPage;
import io.jobwatch.registry.SubscribeSnapshot;
import io.jobwatch.shared.model.Job;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** The answers of the gateway's reads that cross from the member owning a job: run-log pages and snapshots. */
public final class ReadAnswerSerializers {
  private ReadAnswerSerializers() {
  }

  /** {@link RunLogPage}, field by field. */
  public static final class Page implements StreamSerializer<RunLogPage> {
    @Override
    public int getTypeId() {
      return ClusterNames.RUN_LOG_PAGE_TYPE;
    }

    @Override
    public void write(ObjectDataOutput out, RunLogPage page) throws IOException {
      page.writeTo(out);
    }

    @Override
    public RunLogPage read(ObjectDataInput in) throws IOException {
      return RunLogPage.readFrom(in);
    }
  }

  /** {@link SubscribeSnapshot}: the job (by its own serializer), a page, the pending messages. */
  public static final class Snapshot implements StreamSerializer<SubscribeSnapshot> {
    @Override
    public int getTypeId() {
      return ClusterNames.SNAPSHOT_TYPE;
    }

    @Override
    public void write(ObjectDataOutput out, SubscribeSnapshot s) throws IOException {
      out.writeObject(s.job());
      s.lines().writeTo(out);
      out.writeInt(s.messages().size());
      for (AppMessage m : s.messages()) {
        m.writeTo(out);
      }
    }

    @Override
    public SubscribeSnapshot read(ObjectDataInput in) throws IOException {
      Object job = in.readObject();
      RunLogPage lines = RunLogPage.readFrom(in);
      int n = in.readInt();
      List<AppMessage> messages = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        messages.add(AppMessage.readFrom(in));
      }
      return new SubscribeSnapshot((Job) job, lines, messages);
    }
  }
}
