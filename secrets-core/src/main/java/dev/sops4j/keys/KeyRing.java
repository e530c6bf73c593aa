package dev.sops4j.keys;

import dev.sops4j.age.AgeKeyException;
import dev.sops4j.age.Identity;
import dev.sops4j.pgp.PgpKeyException;
import dev.sops4j.pgp.PgpSecretKeys;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The identities found by a {@link KeyRingLoader}, in the order of their sources, with the list of
 * sources looked at. Immutable. {@link #toString()} shows identity types and sources, never keys.
 */
public final class KeyRing {
  private final List<Identity> identities;
  private final List<KeySource> sources;
  private final PgpKeyRing pgp;

  KeyRing(List<Identity> identities, List<KeySource> sources, PgpKeyRing pgp) {
    this.identities = List.copyOf(identities);
    this.sources = List.copyOf(sources);
    this.pgp = pgp;
  }

  /** A ring holding just these identities (no sources looked at, no PGP keys): for tests and embedding. */
  public static KeyRing of(List<Identity> identities) {
    return new KeyRing(identities, List.of(), PgpKeyRing.NONE);
  }

  /**
   * The OpenPGP secret keys for sops {@code pgp} master keys, read from their sources on the first
   * call (most files need none, and reading a GnuPG home costs time).
   *
   * @throws PgpKeyException in strict mode when a PGP source has a problem
   */
  public PgpSecretKeys pgpKeys() throws PgpKeyException {
    return pgp.load().keys();
  }

  /** The identities, in source order; pass them to {@code Age.decrypt}. */
  public List<Identity> identities() {
    return identities;
  }

  /**
   * Every source looked at, in order, with what was found or why not: the age sources, then the PGP
   * sources once {@link #pgpKeys()} has read them.
   */
  public List<KeySource> sources() {
    List<KeySource> pgpSources = pgp.loadedSources();
    if (pgpSources.isEmpty()) {
      return sources;
    }
    List<KeySource> all = new java.util.ArrayList<>(sources);
    all.addAll(pgpSources);
    return List.copyOf(all);
  }

  /** The problems of all sources, in source order. */
  public List<KeyProblem> problems() {
    return sources().stream().flatMap(s -> s.problems().stream()).toList();
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
        + "; sources: " + sources().stream().map(KeySource::toString).collect(Collectors.joining("; ")) + "]";
  }
}
