package io.jobwatch.auth;

/** Job-name globs: {@code *} any run of characters, {@code ?} one character, everything else literal. */
public final class Glob {
  private Glob() {
  }

  public static boolean matches(String glob, String text) {
    return matches(glob, 0, text, 0);
  }

  private static boolean matches(String g, int gi, String t, int ti) {
    // Iterative with one backtrack point: linear for the usual patterns, no regex compilation.
    int star = -1;
    int mark = 0;
    while (ti < t.length()) {
      if (gi < g.length() && (g.charAt(gi) == '?' || g.charAt(gi) == t.charAt(ti))) {
        gi++;
        ti++;
      } else if (gi < g.length() && g.charAt(gi) == '*') {
        star = gi++;
        mark = ti;
      } else if (star >= 0) {
        gi = star + 1;
        ti = ++mark;
      } else {
        return false;
      }
    }
    while (gi < g.length() && g.charAt(gi) == '*') {
      gi++;
    }
    return gi == g.length();
  }
}
