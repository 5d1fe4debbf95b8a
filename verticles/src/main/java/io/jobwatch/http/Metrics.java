package io.jobwatch.http;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Counters for {@code GET /metrics}, written in Prometheus' text format. */
final class Metrics {
  private final Map<String, LongAdder> responses = new ConcurrentHashMap<>();

  void response(String method, int status) {
    responses.computeIfAbsent(method + " " + status, k -> new LongAdder()).increment();
  }

  String render(boolean ready, long uptimeMillis) {
    StringBuilder out = new StringBuilder();
    out.append("# HELP jobwatch_http_responses_total HTTP responses by method and status.\n")
        .append("# TYPE jobwatch_http_responses_total counter\n");
    responses.forEach((key, count) -> {
      String[] parts = key.split(" ");
      out.append("jobwatch_http_responses_total{method=\"").append(parts[0]).append("\",status=\"").append(parts[1])
          .append("\"} ").append(count.sum()).append('\n');
    });
    out.append("# HELP jobwatch_ready 1 when the node serves.\n# TYPE jobwatch_ready gauge\n")
        .append("jobwatch_ready ").append(ready ? 1 : 0).append('\n')
        .append("# HELP jobwatch_uptime_seconds Seconds since the node started.\n# TYPE jobwatch_uptime_seconds gauge\n")
        .append("jobwatch_uptime_seconds ").append(uptimeMillis / 1000).append('\n');
    return out.toString();
  }
}
