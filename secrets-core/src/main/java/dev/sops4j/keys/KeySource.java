package dev.sops4j.keys;

import java.util.List;
import java.util.Locale;

/**
 * One place the loader looked at, with what it found there: never key material, only types, public
 * recipients and problems.
 *
 * @param kind what kind of source this is (for example {@code SOPS_AGE_KEY_FILE}, {@code user config file})
 * @param location the variable name, file path or command description
 * @param status the outcome
 * @param found the identities this source contributed, in public terms, in order
 * @param problems what was wrong in this source (bad lines, unreadable file, failing command)
 * @param note why a {@link Status#SKIPPED} source was skipped; empty otherwise
 */
public record KeySource(String kind, String location, Status status, List<FoundIdentity> found,
    List<KeyProblem> problems, String note) {

  /** The outcome of looking at one source. */
  public enum Status {
    /** The environment variable is not set (or empty). */
    NOT_SET,
    /** The optional file does not exist. */
    NOT_FOUND,
    /** The source was read; it may still have problems (for example a bad line among good ones). */
    LOADED,
    /**
     * The optional source exists but was left out without being wrong (a passphrase-protected default
     * SSH key and no passphrase); {@link #note()} says why. Not a problem, so strict loading accepts it.
     */
    SKIPPED,
    /** The source could not be used at all (unreadable, failing command, missing explicit file). */
    FAILED
  }

  public KeySource {
    found = List.copyOf(found);
    problems = List.copyOf(problems);
  }

  /** A source without a note. */
  public KeySource(String kind, String location, Status status, List<FoundIdentity> found,
      List<KeyProblem> problems) {
    this(kind, location, status, found, problems, "");
  }

  /** How many identities this source contributed. */
  public int identities() {
    return found.size();
  }

  @Override
  public String toString() {
    int n = found.size();
    return kind + " (" + location + "): " + status.name().toLowerCase(Locale.ROOT).replace('_', ' ')
        + (status == Status.LOADED ? ", " + n + " identit" + (n == 1 ? "y" : "ies") : "")
        + (note.isEmpty() ? "" : ", " + note)
        + (problems.isEmpty() ? "" : ", " + problems.size() + " problem" + (problems.size() == 1 ? "" : "s"));
  }
}
