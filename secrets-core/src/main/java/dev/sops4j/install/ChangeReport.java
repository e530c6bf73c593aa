package dev.sops4j.install;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What an install changed compared with the live generation, by content: names added, modified and
 * removed, for secrets and rendered templates. Mode or owner changes alone are not changes (as in
 * sops-nix).
 */
public record ChangeReport(List<Change> changes, boolean dryRun) {

  /** How one file changed. */
  public enum Kind {
    ADDED("add", "adding"), MODIFIED("modify", "modifying"), REMOVED("remove", "removing");

    private final String verb;
    private final String gerund;

    Kind(String verb, String gerund) {
      this.verb = verb;
      this.gerund = gerund;
    }
  }

  /** One changed secret or template. */
  public record Change(Kind kind, InstallFile.Kind fileKind, String name) {
  }

  public ChangeReport {
    changes = List.copyOf(changes);
  }

  public boolean isEmpty() {
    return changes.isEmpty();
  }

  public List<String> names(Kind kind, InstallFile.Kind fileKind) {
    return changes.stream().filter(c -> c.kind() == kind && c.fileKind() == fileKind).map(Change::name)
        .sorted().toList();
  }

  /**
   * The lines sops-nix prints: {@code adding secret: a}, {@code modifying secrets: b, c},
   * {@code removing rendered secret: t} (dry run: {@code would add …}), secrets first.
   */
  public List<String> lines() {
    List<String> lines = new ArrayList<>();
    for (InstallFile.Kind fileKind : InstallFile.Kind.values()) {
      for (Kind kind : Kind.values()) {
        List<String> names = names(kind, fileKind);
        if (!names.isEmpty()) {
          String what = fileKind.label() + (names.size() == 1 ? "" : "s");
          lines.add((dryRun ? "would " + kind.verb : kind.gerund) + " " + what + ": "
              + names.stream().collect(Collectors.joining(", ")));
        }
      }
    }
    return lines;
  }

  @Override
  public String toString() {
    return String.join("\n", lines());
  }
}
