package io.jobwatch.cluster;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import io.jobwatch.shared.json.Json;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** Field writers shared by the wire forms: nullable numbers, string lists and JSON values. */
public final class Wire {
  private Wire() {
  }

  public static void writeNullableInt(ObjectDataOutput out, Integer v) throws IOException {
    out.writeBoolean(v != null);
    if (v != null) {
      out.writeInt(v);
    }
  }

  public static Integer readNullableInt(ObjectDataInput in) throws IOException {
    return in.readBoolean() ? in.readInt() : null;
  }

  public static void writeNullableLong(ObjectDataOutput out, Long v) throws IOException {
    out.writeBoolean(v != null);
    if (v != null) {
      out.writeLong(v);
    }
  }

  public static Long readNullableLong(ObjectDataInput in) throws IOException {
    return in.readBoolean() ? in.readLong() : null;
  }

  /** A list (or set) of strings; null is written as -1. */
  public static void writeStrings(ObjectDataOutput out, Collection<String> values) throws IOException {
    if (values == null) {
      out.writeInt(-1);
      return;
    }
    out.writeInt(values.size());
    for (String v : values) {
      out.writeString(v);
    }
  }

  public static ArrayList<String> readStrings(ObjectDataInput in) throws IOException {
    int n = in.readInt();
    if (n < 0) {
      return null;
    }
    ArrayList<String> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(in.readString());
    }
    return out;
  }

  public static List<String> readStringList(ObjectDataInput in) throws IOException {
    List<String> values = readStrings(in);
    return values == null ? null : List.copyOf(values);
  }

  /** A JSON value (map, list, string, number, boolean) as its JSON text; null stays null. */
  public static void writeJson(ObjectDataOutput out, Object value) throws IOException {
    out.writeString(value == null ? null : Json.string(value));
  }

  public static Object readJson(ObjectDataInput in) throws IOException {
    String json = in.readString();
    return json == null ? null : Json.MAPPER.readValue(json, Object.class);
  }
}
