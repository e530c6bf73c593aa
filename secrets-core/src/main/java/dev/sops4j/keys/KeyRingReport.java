package dev.sops4j.keys;

import dev.sops4j.keys.KeySource.Status;
import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * A key ring as text for people: one line per source looked at (what it is, where, what was found or
 * why nothing), the public recipients of the identities found, each problem, and a total. It holds only
 * what {@link KeySource} holds: types, recipients, file names, line numbers, never key material.
 */
public final class KeyRingReport {
  private KeyRingReport() {}

  /**
   * The report lines of {@code ring}. Paths under {@code home} are shown as {@code ~/…} (pass null to
   * show them as they are).
   */
  public static List<String> lines(KeyRing ring, Path home) {
    List<String> out = new ArrayList<>();
    for (KeySource source : ring.sources()) {
      out.add(heading(source, home) + ": " + outcome(source));
      for (FoundIdentity found : source.found()) {
        out.add("  " + found.recipient());
      }
      for (KeyProblem problem : source.problems()) {
        String where = problem.source().equals(source.location()) || problem.source().equals(source.kind())
            ? "" : shown(problem.source(), home) + ": ";
        out.add("  problem: " + where + (problem.line() > 0 ? "line " + problem.line() + ": " : "")
            + problem.message());
      }
    }
    int problems = ring.problems().size();
    out.add("total: " + count(ring.identities().size(), "identity", "identities") + ", "
        + count(problems, "problem", "problems"));
    return List.copyOf(out);
  }

  private static String heading(KeySource source, Path home) {
    String location = source.location();
    if (location.equals("environment variable") || location.startsWith("command from ")) {
      return source.kind();
    }
    return source.kind() + " " + shown(location, home);
  }

  private static String outcome(KeySource source) {
    Status status = source.status();
    if (status == Status.LOADED) {
      String types = source.found().stream().map(FoundIdentity::type).collect(Collectors.joining(", "));
      return count(source.identities(), "identity", "identities") + (types.isEmpty() ? "" : " (" + types + ")");
    }
    String word = status.name().toLowerCase(Locale.ROOT).replace('_', ' ');
    return source.note().isEmpty() ? word : word + " (" + source.note() + ")";
  }

  private static String shown(String path, Path home) {
    if (home == null) {
      return path;
    }
    String prefix = home.toString().endsWith(File.separator) ? home.toString() : home + File.separator;
    return path.startsWith(prefix) ? "~" + File.separator + path.substring(prefix.length()) : path;
  }

  private static String count(int n, String one, String many) {
    return n + " " + (n == 1 ? one : many);
  }
}
