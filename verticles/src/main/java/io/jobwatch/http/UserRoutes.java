package io.jobwatch.http;

import io.jobwatch.auth.Caller;
import io.jobwatch.auth.RateLimits;
import io.jobwatch.auth.TokenService;
import io.jobwatch.auth.UserRecord;
import io.jobwatch.auth.UserStore;
import io.jobwatch.shared.protocol.ApiError;
import io.vertx.core.Future;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;

import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** {@code /login} and {@code /users}: identity (PROTOCOL.md §2). */
final class UserRoutes {
  private static final Pattern USER_NAME = Pattern.compile("[A-Za-z0-9._@-]{1,64}");
  private static final Pattern PERM = Pattern.compile("job:(read|submit|control):.{1,200}|queue:history");
  private static final Set<String> ROLES = Set.of("admin", "worker", "user");
  private static final int MIN_PASSWORD = 8;

  private final UserStore users;
  private final TokenService tokens;
  /** Logins per client address and failed logins per name, cluster-wide: guessing is slow, then 429. */
  private final RateLimits limits;

  UserRoutes(UserStore users, TokenService tokens, RateLimits limits) {
    this.users = users;
    this.tokens = tokens;
    this.limits = limits;
  }

  void mount(ApiRoutes routes) {
    routes.addOpen(HttpMethod.POST, "/login", 200, this::login);
    routes.add(HttpMethod.POST, "/token", 200, this::renew);
    routes.add(HttpMethod.POST, "/users", 201, this::create);
    routes.add(HttpMethod.GET, "/users", 200, this::list);
    routes.add(HttpMethod.GET, "/users/:name", 200, this::get);
    routes.add(HttpMethod.PUT, "/users/:name", 200, this::update);
    routes.add(HttpMethod.DELETE, "/users/:name", 200, this::delete);
  }

  private Future<Buffer> login(ApiRequest r) {
    JsonObject body = r.body();
    String name = Fields.requiredString(body, "username", 64);
    String password = Fields.requiredString(body, "password", 1024);
    long generation = tokens.generation(name);
    return limits.loginAttempt(r.clientAddress())
        .compose(v -> limits.loginFailure(name))
        .compose(v -> users.login(name, password))
        .onSuccess(user -> limits.loginSucceeded(name))
        .map(user -> tokens.issue(user, generation).toBuffer());
  }

  /**
   * A new token for the caller, made from his record as it is now (the dashboard renews its token
   * this way and never keeps the password); a user who no longer exists gets 401.
   */
  private Future<Buffer> renew(ApiRequest r) {
    if (!tokens.canIssue()) {
      throw ApiError.forbidden("this cluster takes tokens from an outside issuer");
    }
    long generation = tokens.generation(r.caller().name());
    return users.get(r.caller().name())
        .recover(t -> Future.failedFuture(ApiError.unauthenticated("the user no longer exists")))
        .map(user -> tokens.issue(user, generation).toBuffer());
  }

  private Future<Buffer> create(ApiRequest r) {
    requireAdmin(r);
    JsonObject body = r.body();
    String name = Fields.requiredString(body, "name", 64);
    if (!USER_NAME.matcher(name).matches()) {
      throw ApiError.badRequest("'name' must be 1-64 characters of A-Z a-z 0-9 . _ @ -");
    }
    String password = password(body, true);
    List<String> roles = roles(body);
    List<String> perms = perms(body);
    Fields.optionalString(body, "realname", 200);
    Fields.optionalString(body, "email", 200);
    return users.create(body, name, password, roles == null ? List.of() : roles,
        perms == null ? List.of() : perms).compose(v -> users.get(name)).map(u -> u.toJson().toBuffer());
  }

  private Future<Buffer> list(ApiRequest r) {
    requireAdmin(r);
    return users.list().map(all -> {
      JsonArray out = new JsonArray();
      all.forEach(u -> out.add(u.toJson()));
      return new JsonObject().put("data", out).toBuffer();
    });
  }

  private Future<Buffer> get(ApiRequest r) {
    String name = selfOrAdmin(r);
    return users.get(name).map(u -> u.toJson().toBuffer());
  }

  /** Admins change anything; a user may change only his own password. */
  private Future<Buffer> update(ApiRequest r) {
    String name = selfOrAdmin(r);
    JsonObject body = r.body();
    String password = password(body, false);
    List<String> roles = roles(body);
    List<String> perms = perms(body);
    String realname = Fields.optionalString(body, "realname", 200);
    String email = Fields.optionalString(body, "email", 200);
    if (!r.caller().isAdmin() && (roles != null || perms != null || realname != null || email != null)) {
      throw ApiError.forbidden("only an admin changes roles, perms or details");
    }
    Future<UserRecord> updated = users.update(name, password, roles, perms, realname, email);
    // Tokens issued before carry the old password's, roles' or perms' authority: revoke them after the change.
    boolean revokes = password != null || roles != null || perms != null;
    return updated.compose(u -> (revokes ? tokens.revokeAll(name) : Future.<Void>succeededFuture())
        .map(v -> u.toJson().toBuffer()));
  }

  private Future<Buffer> delete(ApiRequest r) {
    requireAdmin(r);
    String name = r.param("name");
    if (UserStore.ADMIN.equals(name)) {
      throw ApiError.forbidden("the admin user cannot be deleted");
    }
    return users.delete(name).compose(v -> tokens.revokeAll(name))
        .map(v -> new JsonObject().put("deleted", name).toBuffer());
  }

  private static void requireAdmin(ApiRequest r) {
    if (!r.caller().isAdmin()) {
      throw ApiError.forbidden("needs role admin");
    }
  }

  private static String selfOrAdmin(ApiRequest r) {
    Caller caller = r.caller();
    String name = r.param("name");
    if (!caller.isAdmin() && !caller.name().equals(name)) {
      throw ApiError.forbidden("needs role admin");
    }
    return name;
  }

  private static String password(JsonObject body, boolean required) {
    String password = required ? Fields.requiredString(body, "password", 1024)
        : Fields.optionalString(body, "password", 1024);
    if (password != null && password.length() < MIN_PASSWORD) {
      throw ApiError.badRequest("'password' must have at least " + MIN_PASSWORD + " characters");
    }
    return password;
  }

  private static List<String> roles(JsonObject body) {
    List<String> roles = Fields.optionalStrings(body, "roles");
    if (roles != null && !ROLES.containsAll(roles)) {
      throw ApiError.badRequest("'roles' may hold only admin, worker, user");
    }
    return roles;
  }

  private static List<String> perms(JsonObject body) {
    List<String> perms = Fields.optionalStrings(body, "perms");
    if (perms != null && !perms.stream().allMatch(p -> PERM.matcher(p).matches())) {
      throw ApiError.badRequest("'perms' holds job:read:<glob>, job:submit:<glob>, job:control:<glob>, queue:history");
    }
    return perms;
  }

}
