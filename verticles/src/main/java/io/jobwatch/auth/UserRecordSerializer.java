package io.jobwatch.auth;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.StreamSerializer;
import io.jobwatch.cluster.ClusterNames;
import io.jobwatch.cluster.Wire;

import java.io.IOException;

/** A user of the users map, field by field. */
final class UserRecordSerializer implements StreamSerializer<UserRecord> {
  @Override
  public int getTypeId() {
    return ClusterNames.USER_TYPE;
  }

  @Override
  public void write(ObjectDataOutput out, UserRecord u) throws IOException {
    out.writeString(u.name());
    out.writeString(u.passwordHash());
    Wire.writeStrings(out, u.roles());
    Wire.writeStrings(out, u.perms());
    out.writeString(u.realname());
    out.writeString(u.email());
  }

  @Override
  public UserRecord read(ObjectDataInput in) throws IOException {
    return new UserRecord(in.readString(), in.readString(), Wire.readStringList(in), Wire.readStringList(in),
        in.readString(), in.readString());
  }
}
