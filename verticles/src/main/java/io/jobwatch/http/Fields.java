package io.jobwatch.http;

import io.jobwatch.shared.protocol.ApiError;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads request bodies and query parameters strictly: a field of the wrong type or out of range
 * is a 400 naming the field; unknown fields are ignored.
 */
final class Fields {
  private Fields() {
  }

  static JsonObject body(RoutingContext ctx) {
    try {
      Object value = ctx.body().buffer() == null || ctx.body().length() == 0 ? null
          : io.vertx.core.json.Json.decodeValue(ctx.body().buffer());
      if (value instanceof JsonObject o) {
        return o;
      }
      throw ApiError.badRequest("the body must be a JSON object");
    } catch (DecodeException e) {
      throw ApiError.badRequest("malformed JSON" + where(e));
    }
  }

  /** Where the parser stopped, in the body's own terms ({@code " at line 1, column 9"}), when it says. */
  private static String where(DecodeException e) {
    if (e.getCause() instanceof com.fasterxml.jackson.core.JsonProcessingException j && j.getLocation() != null) {
      return " at line " + j.getLocation().getLineNr() + ", column " + j.getLocation().getColumnNr();
    }
    return "";
  }

  static String requiredString(JsonObject o, String field, int maxLength) {
    String s = optionalString(o, field, maxLength);
    if (s == null || s.isEmpty()) {
      throw ApiError.badRequest("'" + field + "' is required");
    }
    return s;
  }

  static String optionalString(JsonObject o, String field, int maxLength) {
    Object v = o.getValue(field);
    if (v == null) {
      return null;
    }
    if (!(v instanceof String s)) {
      throw ApiError.badRequest("'" + field + "' must be a string");
    }
    if (s.length() > maxLength) {
      throw ApiError.badRequest("'" + field + "' is longer than " + maxLength + " characters");
    }
    return s;
  }

  static Long optionalLong(JsonObject o, String field, long min, long max) {
    Object v = o.getValue(field);
    if (v == null) {
      return null;
    }
    if (!(v instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())
        || v instanceof Double d && d.isInfinite()) {
      throw ApiError.badRequest("'" + field + "' must be an integer");
    }
    long x = n.longValue();
    if (x < min || x > max) {
      throw ApiError.badRequest("'" + field + "' must be between " + min + " and " + max);
    }
    return x;
  }

  static Integer optionalInt(JsonObject o, String field, int min, int max) {
    Long v = optionalLong(o, field, min, max);
    return v == null ? null : v.intValue();
  }

  static boolean optionalBoolean(JsonObject o, String field, boolean dflt) {
    Object v = o.getValue(field);
    if (v == null) {
      return dflt;
    }
    if (!(v instanceof Boolean b)) {
      throw ApiError.badRequest("'" + field + "' must be true or false");
    }
    return b;
  }

  static JsonObject optionalObject(JsonObject o, String field) {
    Object v = o.getValue(field);
    if (v != null && !(v instanceof JsonObject)) {
      throw ApiError.badRequest("'" + field + "' must be an object");
    }
    return (JsonObject) v;
  }

  /** A list of strings, or null when absent. */
  static List<String> optionalStrings(JsonObject o, String field) {
    Object v = o.getValue(field);
    if (v == null) {
      return null;
    }
    if (!(v instanceof JsonArray a)) {
      throw ApiError.badRequest("'" + field + "' must be a list of strings");
    }
    List<String> out = new ArrayList<>(a.size());
    for (Object x : a) {
      if (!(x instanceof String s)) {
        throw ApiError.badRequest("'" + field + "' must be a list of strings");
      }
      out.add(s);
    }
    return out;
  }

  static Integer queryInt(ApiRequest r, String name, int min, int max) {
    String v = r.param(name);
    if (v == null || v.isEmpty()) {
      return null;
    }
    try {
      long x = Long.parseLong(v);
      if (x < min || x > max) {
        throw ApiError.badRequest("'" + name + "' must be between " + min + " and " + max);
      }
      return (int) x;
    } catch (NumberFormatException e) {
      throw ApiError.badRequest("'" + name + "' must be an integer");
    }
  }

  static Long queryLong(ApiRequest r, String name, long min) {
    String v = r.param(name);
    if (v == null || v.isEmpty()) {
      return null;
    }
    try {
      long x = Long.parseLong(v);
      if (x < min) {
        throw ApiError.badRequest("'" + name + "' must be at least " + min);
      }
      return x;
    } catch (NumberFormatException e) {
      throw ApiError.badRequest("'" + name + "' must be an integer");
    }
  }
}
