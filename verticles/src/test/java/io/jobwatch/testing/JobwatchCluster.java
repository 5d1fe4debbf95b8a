package io.jobwatch.testing;

import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The test class's cluster: {@link #nodes()} real nodes started once before its first test, with
 * {@link #env()} and the {@link #users()} created, handed to every constructor, lifecycle method
 * and test that takes a {@link TestCluster}, and closed after the class's last test
 * ({@link ClusterExtension}). Vert.x's own extension runs beside it: a method may take a
 * {@code VertxTestContext}, or a {@code Vertx} for clients (closed by it afterwards).
 */
@Documented
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith({VertxExtension.class, ClusterExtension.class})
public @interface JobwatchCluster {
  /** How many nodes. */
  int nodes() default 1;

  /** Environment of every node besides the test defaults, as {@code NAME=value}. */
  String[] env() default {};

  /**
   * Users created by the admin before the tests, as {@code name:password:roles:perms} (roles and
   * perms comma-separated; either may be empty, e.g. {@code carol:carol-password::job:read:x.*}).
   */
  String[] users() default {};
}
