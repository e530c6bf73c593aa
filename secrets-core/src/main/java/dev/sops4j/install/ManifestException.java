package dev.sops4j.install;

import java.io.IOException;
import java.util.List;

/**
 * A manifest cannot be read or is not valid. The message names the manifest and lists every problem
 * found (not only the first), each with its secret or template name and, when read from a file, its
 * line; never a secret value.
 */
public final class ManifestException extends IOException {
  private final String source;
  private final List<ManifestProblem> problems;

  /**
   * @param source   the manifest file or another description of where it came from
   * @param problems every problem, at least one
   */
  public ManifestException(String source, List<ManifestProblem> problems) {
    super(format(source, problems));
    this.source = source;
    this.problems = List.copyOf(problems);
  }

  private static String format(String source, List<ManifestProblem> problems) {
    StringBuilder sb = new StringBuilder("manifest ").append(source).append(" is not valid (")
        .append(problems.size()).append(problems.size() == 1 ? " problem)" : " problems)")
        .append(':');
    for (ManifestProblem p : problems) {
      sb.append("\n  - ").append(p);
    }
    return sb.toString();
  }

  /** Where the manifest came from. */
  public String source() {
    return source;
  }

  /** Every problem, in the order found. */
  public List<ManifestProblem> problems() {
    return problems;
  }
}
