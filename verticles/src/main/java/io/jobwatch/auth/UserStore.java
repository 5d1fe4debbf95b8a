package io.jobwatch.auth;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.jobwatch.cluster.ClusterNames;
import io.jobwatch.cluster.HazelcastFutures;
import io.jobwatch.cluster.UnconfirmedWrites;
import io.jobwatch.shared.protocol.ApiError;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.logging.Logger;

/** Users kept in the cluster ({@code jobwatch.users}), with PBKDF2 password hashes. */
public final class UserStore {
  private static final Logger LOG = Logger.getLogger(UserStore.class.getName());
  public static final String ADMIN = "admin";

  private final Vertx vertx;
  private final Context context;
  private final IMap<String, UserRecord> users;
  private final Passwords passwords;
  private final PasswordWork passwordWork;
  /** A hash of no one's password: an unknown name is checked against it, at the cost of a known one. */
  private volatile String decoyHash;

  public UserStore(Vertx vertx, Context context, HazelcastInstance hazelcast, Passwords passwords) {
    this.vertx = vertx;
    this.context = context;
    this.users = hazelcast.getMap(ClusterNames.USERS_MAP);
    this.passwords = passwords;
    this.passwordWork = new PasswordWork(vertx);
  }

  /**
   * Creates {@code admin} at the cluster's first start: with the given password, or with a
   * generated one that is logged once. An existing admin is left as it is.
   */
  public Future<Void> ensureAdmin(String configuredPassword) {
    String password = configuredPassword != null ? configuredPassword : generatedPassword();
    return vertx.executeBlocking(() -> {
          decoyHash = passwords.hash(generatedPassword());
          return passwords.hash(password);
        }, false)
        .compose(hash -> putIfAbsent(new UserRecord(ADMIN, hash, List.of("admin"), List.of(), "Administrator", null)))
        .map(previous -> {
          if (previous == null && configuredPassword == null) {
            LOG.warning("created user 'admin' with the generated password " + password
                + " (set JOBWATCH_ADMIN_PASSWORD to choose it)");
          } else if (previous == null) {
            LOG.info("created user 'admin' from JOBWATCH_ADMIN_PASSWORD");
          }
          return null;
        });
  }

  /** The user if the password is right; 401 otherwise (the same answer for unknown users). */
  public Future<UserRecord> login(String name, String password) {
    return HazelcastFutures.on(context, users.getAsync(name)).compose(user -> passwordWork.run(() -> {
      // An unknown name costs one check, as a known one does: timing does not tell which names exist.
      boolean known = user != null;
      boolean ok = passwords.verify(known ? user.passwordHash() : decoyHash, password) && known;
      if (!ok) {
        throw ApiError.unauthenticated("wrong username or password");
      }
      return user;
    }));
  }

  public Future<Void> create(JsonObject spec, String name, String password, List<String> roles, List<String> perms) {
    return passwordWork.run(() -> passwords.hash(password))
        .compose(hash -> putIfAbsent(new UserRecord(name, hash, roles, perms, spec.getString("realname"),
            spec.getString("email"))))
        .compose(previous -> previous == null ? Future.succeededFuture()
            : Future.failedFuture(new ApiError(409, "duplicate_user", "a user named " + name + " exists")));
  }

  public Future<UserRecord> get(String name) {
    return HazelcastFutures.on(context, users.getAsync(name)).compose(u -> u != null ? Future.succeededFuture(u)
        : Future.failedFuture(new ApiError(404, "unknown_user", "no such user: " + name)));
  }

  public Future<List<UserRecord>> list() {
    return vertx.executeBlocking(() -> {
      List<UserRecord> all = new ArrayList<>(users.values());
      all.sort(Comparator.comparing(UserRecord::name));
      return all;
    }, false);
  }

  /** Replaces what is given; a null password keeps the old hash. */
  public Future<UserRecord> update(String name, String password, List<String> roles, List<String> perms,
                                   String realname, String email) {
    return get(name).compose(old -> (password == null ? Future.succeededFuture(old.passwordHash())
            : passwordWork.run(() -> passwords.hash(password)))
        .compose(hash -> {
          UserRecord updated = new UserRecord(name, hash, roles != null ? roles : old.roles(),
              perms != null ? perms : old.perms(), realname != null ? realname : old.realname(),
              email != null ? email : old.email());
          // Replace only the version read, so two concurrent updates cannot mix.
          return vertx.executeBlocking(() -> users.replace(name, old, updated), false)
              .compose(done -> done ? Future.succeededFuture(updated)
                  : Future.failedFuture(ApiError.unavailable("the user changed meanwhile; retry")));
        }));
  }

  public Future<Void> delete(String name) {
    return HazelcastFutures.on(context, users.removeAsync(name)).compose(old -> old != null
        ? Future.succeededFuture() : Future.failedFuture(new ApiError(404, "unknown_user", "no such user: " + name)));
  }

  /**
   * IMap has no async putIfAbsent; a short blocking call on a worker. A node's start writes the
   * admin while members joining beside it move partitions, so the write is repeated when left
   * unconfirmed; a repeat that finds this very record (its salted hash is unique) answers null.
   */
  private Future<UserRecord> putIfAbsent(UserRecord user) {
    return vertx.executeBlocking(() -> {
      UserRecord previous = UnconfirmedWrites.repeat(() -> users.putIfAbsent(user.name(), user));
      return user.equals(previous) ? null : previous;
    }, false);
  }

  private static String generatedPassword() {
    byte[] b = new byte[12];
    new SecureRandom().nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }
}
