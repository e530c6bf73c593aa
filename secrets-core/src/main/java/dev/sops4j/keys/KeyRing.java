package dev.sops4j.keys;

import dev.sops4j.age.AgeKeyException;
import dev.sops4j.age.Identity;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The identities found by a {@link KeyRingLoader}, in the order of their sources, with the list of
 * sources looked at. Immutable. {@link #toString()} shows identity types and sources, never keys.
 */
public final class KeyRing {
  private final List<Identity> identities;
  private final List<KeySource> sources;

  KeyRing(List<Identity> identities, List<KeySource> sources) {
    this.identities = List.copyOf(identities);
    this.sources = List.copyOf(sources);
  }

  /** The identities, in source order; pass them to {@code Age.decrypt}. */
  public List<Identity> identities() {
    return identities;
  }

  /** Every source looked at, in order, with what was found or why not. */
  public List<KeySource> sources() {
    return sources;
  }

  /** The problems of all sources, in source order. */
  public List<KeyProblem> problems() {
    return sources.stream().flatMap(s -> s.problems().stream()).toList();
  }

  /** This ring when it has no problems; otherwise an exception listing all of them. */
  public KeyRing requireNoProblems() throws AgeKeyException {
    List<KeyProblem> problems = problems();
    if (problems.isEmpty()) {
      return this;
    }
    throw new AgeKeyException("problems loading age keys:\n  "
        + problems.stream().map(KeyProblem::toString).collect(Collectors.joining("\n  ")));
  }

  @Override
  public String toString() {
    return "KeyRing[" + identities.size() + " identities "
        + identities.stream().map(Identity::type).collect(Collectors.joining(", ", "(", ")"))
        + "; sources: " + sources.stream().map(KeySource::toString).collect(Collectors.joining("; ")) + "]";
  }
}
