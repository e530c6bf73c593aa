package dev.sops4j.install;

import java.io.IOException;
import java.util.List;

/**
 * The install could not be carried out: a hostile or invalid name, a runtime directory that is not
 * safe to write into, or a file system failure while writing a generation. Lists every problem found;
 * names paths and secret names, never values. When it is thrown the live link still points to the
 * previous complete generation.
 */
public class InstallException extends IOException {
  private final List<String> problems;

  public InstallException(List<String> problems) {
    super(problems.size() == 1 ? problems.get(0)
        : problems.size() + " problems:\n  " + String.join("\n  ", problems));
    this.problems = List.copyOf(problems);
  }

  public InstallException(String problem, Throwable cause) {
    super(problem, cause);
    this.problems = List.of(problem);
  }

  /** Every problem, one line each. */
  public List<String> problems() {
    return problems;
  }
}
