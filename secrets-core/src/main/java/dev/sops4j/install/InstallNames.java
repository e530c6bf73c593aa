package dev.sops4j.install;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Checks that secret and template names stay inside the generation directory. */
final class InstallNames {
  private InstallNames() {
  }

  /** Every problem with the names of {@code files}: hostile or malformed names, duplicates. */
  static List<String> problems(List<InstallFile> files) {
    List<String> problems = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    boolean templates = files.stream().anyMatch(f -> f.kind() == InstallFile.Kind.TEMPLATE);
    for (InstallFile f : files) {
      String problem = nameProblem(f.name());
      String what = f.kind().label() + " '" + printable(f.name()) + "'";
      if (problem != null) {
        problems.add(what + ": " + problem);
        continue;
      }
      if (!seen.add(f.relativePath())) {
        problems.add(what + ": another " + f.kind().label() + " has the same name");
      }
      if (templates && f.kind() == InstallFile.Kind.SECRET
          && (f.name().equals("rendered") || f.name().startsWith("rendered/"))) {
        problems.add(what + ": the name 'rendered' is where templates are written");
      }
    }
    for (String path : seen) {
      for (int i = path.indexOf('/'); i > 0; i = path.indexOf('/', i + 1)) {
        if (seen.contains(path.substring(0, i))) {
          problems.add("'" + printable(path.substring(0, i)) + "' is both a file and the directory of '"
              + printable(path) + "'");
        }
      }
    }
    return problems;
  }

  /** Why {@code name} is not a safe relative name, or null. */
  static String nameProblem(String name) {
    if (name.isEmpty()) {
      return "the name is empty";
    }
    if (name.startsWith("/")) {
      return "absolute names are not allowed (the name is relative to the runtime directory)";
    }
    if (name.indexOf('\0') >= 0 || name.indexOf('\\') >= 0) {
      return "the name contains a NUL or backslash";
    }
    for (String segment : name.split("/", -1)) {
      if (segment.isEmpty()) {
        return "the name has an empty path segment ('//' or a trailing '/')";
      }
      if (segment.equals("..") || segment.equals(".")) {
        return "'" + segment + "' segments are not allowed (the name must stay inside the runtime directory)";
      }
    }
    return null;
  }

  /** The name with control characters escaped, for messages. */
  static String printable(String name) {
    StringBuilder sb = new StringBuilder();
    for (char c : name.toCharArray()) {
      sb.append(c < 0x20 || c == 0x7f ? String.format("\\x%02x", (int) c) : String.valueOf(c));
    }
    return sb.toString();
  }
}
