package io.jobwatch.cli;

import io.vertx.core.json.JsonObject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "jobs", mixinStandardHelpOptions = true, description = "List jobs as a table (one page).")
final class JobsCommand implements Callable<Integer> {
  @Option(names = "--filter", description = "all, waiting, pending, running, stopped, completed, finished, active")
  String filter;

  @Option(names = "--state", description = "one state, e.g. running")
  String state;

  @Option(names = "--name", description = "a name glob, e.g. 'reports.*'")
  String name;

  @Option(names = "--owner", description = "the user who submitted them")
  String owner;

  @Option(names = "--sort", defaultValue = "-updated",
      description = "queued, started, finished, updated, name, state or percent; a leading - for descending (default ${DEFAULT-VALUE})")
  String sort;

  @Option(names = "--page", defaultValue = "0", description = "the page, from 0")
  int page;

  @Option(names = "--per-page", defaultValue = "50", description = "jobs per page (default ${DEFAULT-VALUE})")
  int perPage;

  @Option(names = "--json", description = "print the API's answer as JSON")
  boolean json;

  @Override
  public Integer call() {
    List<String> query = new ArrayList<>();
    add(query, "filter", filter);
    add(query, "state", state);
    add(query, "name", name);
    add(query, "owner", owner);
    add(query, "sort", sort);
    add(query, "page", Integer.toString(page));
    add(query, "per_page", Integer.toString(perPage));
    try (Session session = new Session(false)) {
      JsonObject answer = session.client.jobs(String.join("&", query)).await();
      if (json) {
        System.out.println(answer.encodePrettily());
        return Jobwatch.Exit.OK;
      }
      Table table = new Table("JOB ID", "NAME", "OWNER", "STATE", "%", "ATTEMPT", "UPDATED", "FLAGS");
      answer.getJsonArray("data").forEach(o -> {
        JsonObject j = (JsonObject) o;
        table.row(j.getString("jobId"), j.getString("name"), j.getString("owner"), j.getString("state"),
            String.valueOf(j.getInteger("percent", 0)), String.valueOf(j.getInteger("attempt", 0)),
            j.getString("updated", ""), flags(j.getJsonObject("flags", new JsonObject())));
      });
      System.out.print(table);
      System.out.println("page " + answer.getInteger("page") + " of " + Math.max(1, answer.getInteger("page_count"))
          + ", " + answer.getLong("total_count") + " job(s)");
      return Jobwatch.Exit.OK;
    }
  }

  private static String flags(JsonObject f) {
    List<String> set = new ArrayList<>();
    for (String flag : List.of("zombie", "nonstop", "killRequested", "removeRequested")) {
      if (f.getBoolean(flag, false)) {
        set.add(flag);
      }
    }
    return String.join(",", set);
  }

  private static void add(List<String> query, String key, String value) {
    if (value != null && !value.isEmpty()) {
      query.add(key + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8));
    }
  }
}
