package io.jobwatch.loadtest;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What a simulation needs before the load starts: a token and running jobs, made with plain HTTP. */
final class JobwatchSetup {
  private static final Pattern TOKEN = Pattern.compile("\"token\"\\s*:\\s*\"([^\"]+)\"");
  private static final Pattern JOB_ID = Pattern.compile("\"jobId\"\\s*:\\s*\"([^\"]+)\"");

  final List<String> urls = List.of(System.getProperty("jobwatch.url", "http://127.0.0.1:8080").split(","));
  final String password = System.getProperty("jobwatch.password", "admin");
  private final HttpClient client = HttpClient.newHttpClient();
  final String token = login();

  private String login() {
    String body = post("/login", "{\"username\":\"admin\",\"password\":\"" + password + "\"}", null);
    Matcher m = TOKEN.matcher(body);
    if (!m.find()) {
      throw new IllegalStateException("login failed: " + body);
    }
    return m.group(1);
  }

  List<String> createRunningJobs(int count) {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Matcher m = JOB_ID.matcher(post("/jobs", "{\"name\":\"loadtest.storm\"}", token));
      if (!m.find()) {
        throw new IllegalStateException("create failed");
      }
      String id = m.group(1);
      post("/jobs/" + id + "/events", "{\"name\":\"request_start_job\"}", token);
      ids.add(id);
    }
    return ids;
  }

  private String post(String path, String json, String bearer) {
    try {
      HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(urls.get(0) + "/api/v1" + path))
          .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
      if (bearer != null) {
        b.header("authorization", "Bearer " + bearer);
      }
      return client.send(b.build(), HttpResponse.BodyHandlers.ofString()).body();
    } catch (Exception e) {
      throw new IllegalStateException("setup request " + path + " failed", e);
    }
  }
}
