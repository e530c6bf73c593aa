package dev.sops4j.keys;

import java.util.List;

/**
 * One place the loader looked at, with what it found there: never key material, only counts, types
 * and problems.
 *
 * @param kind what kind of source this is (for example {@code SOPS_AGE_KEY_FILE}, {@code user config file})
 * @param location the variable name, file path or command description
 * @param status the outcome
 * @param identities how many identities this source contributed
 * @param problems what was wrong in this source (bad lines, unreadable file, failing command)
 */
public record KeySource(String kind, String location, Status status, int identities, List<KeyProblem> problems) {

  /** The outcome of looking at one source. */
  public enum Status {
    /** The environment variable is not set (or empty). */
    NOT_SET,
    /** The optional file does not exist. */
    NOT_FOUND,
    /** The source was read; it may still have problems (for example a bad line among good ones). */
    LOADED,
    /** The source could not be used at all (unreadable, failing command, missing explicit file). */
    FAILED
  }

  public KeySource {
    problems = List.copyOf(problems);
  }

  @Override
  public String toString() {
    return kind + " (" + location + "): " + status.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ')
        + (status == Status.LOADED ? ", " + identities + " identit" + (identities == 1 ? "y" : "ies") : "")
        + (problems.isEmpty() ? "" : ", " + problems.size() + " problem" + (problems.size() == 1 ? "" : "s"));
  }
}
