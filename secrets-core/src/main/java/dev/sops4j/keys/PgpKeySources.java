package dev.sops4j.keys;

import dev.sops4j.keys.KeySource.Status;
import dev.sops4j.pgp.PgpKeyException;
import dev.sops4j.pgp.PgpKeys;
import dev.sops4j.pgp.PgpPassphrase;
import dev.sops4j.pgp.PgpPublicKeys;
import dev.sops4j.pgp.PgpSecretKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Collects OpenPGP secret keys for sops {@code pgp} master keys ({@link #load()}; public keys for
 * encryption: {@link #loadPublicKeys()}), after the caller's explicit sources:
 * <ol>
 *   <li>explicit armored or binary secret key files ({@link #keyFile}) and GnuPG homes
 *       ({@link #gnupgHome}, sops-nix {@code gnupgHome}), in the order given; missing is a problem;</li>
 *   <li>the GnuPG home {@code $GNUPGHOME}, else {@code ~/.gnupg} (missing is "not found"): agent key
 *       files in {@code private-keys-v1.d} with {@code pubring.kbx} or {@code pubring.gpg}, and the
 *       legacy {@code secring.gpg}.</li>
 * </ol>
 * Passphrases of protected keys come from {@link #passphrase}, else from {@code SOPS4J_PGP_PASSPHRASE}
 * when set; they are asked for only when a message needs the key. Unreadable sources and unusable
 * keys (smartcard stubs, agent files without a public key) are {@link KeyProblem}s; with
 * {@link #strict(boolean)} any problem makes {@link #load()} throw.
 *
 * <p>The environment and the home directory are inputs, so nothing else of the machine is read.
 */
public final class PgpKeySources {
  /** The environment variable holding the passphrase for protected PGP keys. */
  public static final String PASSPHRASE_VARIABLE = "SOPS4J_PGP_PASSPHRASE";

  private final Map<String, String> env;
  private final Path home;
  private final List<Path> keyFiles = new ArrayList<>();
  private final List<Path> gnupgHomes = new ArrayList<>();
  private final List<Path> sshRsaKeys = new ArrayList<>();
  private PgpPassphrase passphrase;
  private boolean standardSources = true;
  private boolean strict;

  /** The keys found and every source looked at. {@link #toString()} names fingerprints, never keys. */
  public record Loaded(PgpSecretKeys keys, List<KeySource> sources) {
    public Loaded {
      sources = List.copyOf(sources);
    }

    /** The problems of all sources, in source order. */
    public List<KeyProblem> problems() {
      return sources.stream().flatMap(s -> s.problems().stream()).toList();
    }

    /** This result when it has no problems; otherwise an exception listing all of them. */
    public Loaded requireNoProblems() throws PgpKeyException {
      List<KeyProblem> problems = problems();
      if (problems.isEmpty()) {
        return this;
      }
      throw new PgpKeyException("problems loading PGP keys:\n  "
          + problems.stream().map(KeyProblem::toString).collect(Collectors.joining("\n  ")));
    }

    @Override
    public String toString() {
      return "PGP keys[" + keys + "; sources: "
          + sources.stream().map(KeySource::toString).collect(Collectors.joining("; ")) + "]";
    }
  }

  /** The certificates found for encryption and every source looked at. */
  public record LoadedPublic(PgpPublicKeys keys, List<KeySource> sources) {
    public LoadedPublic {
      sources = List.copyOf(sources);
    }

    /** The problems of all sources, in source order. */
    public List<KeyProblem> problems() {
      return sources.stream().flatMap(s -> s.problems().stream()).toList();
    }
  }

  private PgpKeySources(Map<String, String> env, Path home) {
    this.env = Map.copyOf(env);
    this.home = home;
  }

  /** Sources reading the given environment and home directory (tests pass fakes). */
  public static PgpKeySources of(Map<String, String> env, Path home) {
    return new PgpKeySources(env, home);
  }

  /** Sources reading this process's environment and {@code user.home}. */
  public static PgpKeySources fromSystem() {
    return new PgpKeySources(System.getenv(), Path.of(System.getProperty("user.home")));
  }

  /** An explicit armored or binary secret key file (or legacy {@code secring.gpg}); missing is a problem. */
  public PgpKeySources keyFile(Path file) {
    keyFiles.add(file);
    return this;
  }

  /** An explicit GnuPG home directory (sops-nix {@code gnupgHome}); missing is a problem. */
  public PgpKeySources gnupgHome(Path dir) {
    gnupgHomes.add(dir);
    return this;
  }

  /** Supplies passphrases of protected keys (instead of {@code SOPS4J_PGP_PASSPHRASE}). */
  public PgpKeySources passphrase(PgpPassphrase supplier) {
    this.passphrase = supplier;
    return this;
  }

  /** Whether {@code GNUPGHOME} / {@code ~/.gnupg} are looked at (default true). */
  public PgpKeySources standardSources(boolean use) {
    this.standardSources = use;
    return this;
  }

  /** When true, {@link #load()} throws listing every problem instead of recording them. */
  public PgpKeySources strict(boolean strict) {
    this.strict = strict;
    return this;
  }

  /** The GnuPG home the standard source reads: {@code $GNUPGHOME}, else {@code ~/.gnupg}. */
  public Path defaultGnupgHome() {
    String dir = env.get("GNUPGHOME");
    return dir != null && !dir.isEmpty() ? Path.of(dir) : home.resolve(".gnupg");
  }

  /**
   * An SSH RSA private key used as the PGP key sops-nix makes of it ({@code sshKeyPaths}: same key,
   * created at the epoch); missing is a problem.
   */
  public PgpKeySources sshRsaKey(Path file) {
    sshRsaKeys.add(file);
    return this;
  }

  /** Looks at every source and returns the keys with what was looked at. */
  public Loaded load() throws PgpKeyException {
    PgpPassphrase pass = passphraseSupplier();
    List<PgpSecretKeys> found = new ArrayList<>();
    List<KeySource> sources = new ArrayList<>();
    for (Path p : keyFiles) {
      sources.add(read("explicit PGP key file", p, false, true, pass, found));
    }
    for (Path p : gnupgHomes) {
      sources.add(read("explicit GnuPG home", p, true, true, pass, found));
    }
    for (Path p : sshRsaKeys) {
      sources.add(sshRsa(p, found));
    }
    if (standardSources) {
      String variable = env.get("GNUPGHOME");
      boolean set = variable != null && !variable.isEmpty();
      sources.add(read(set ? "GNUPGHOME" : "default GnuPG home", defaultGnupgHome(), true, set, pass, found));
    }
    Loaded loaded = new Loaded(PgpSecretKeys.concat(found), sources);
    return strict ? loaded.requireNoProblems() : loaded;
  }

  /**
   * The public keys for encrypting to sops {@code pgp} master keys, from the same sources: explicit
   * key files (public or secret, keyrings, keyboxes), explicit GnuPG homes, then {@code GNUPGHOME}
   * or {@code ~/.gnupg}. Look a key up with {@link PgpPublicKeys#require(String)}.
   */
  public LoadedPublic loadPublicKeys() throws PgpKeyException {
    List<PgpPublicKeys> found = new ArrayList<>();
    List<KeySource> sources = new ArrayList<>();
    for (Path p : keyFiles) {
      sources.add(readPublic("explicit PGP key file", p, false, true, found));
    }
    for (Path p : gnupgHomes) {
      sources.add(readPublic("explicit GnuPG home", p, true, true, found));
    }
    if (standardSources) {
      String variable = env.get("GNUPGHOME");
      boolean set = variable != null && !variable.isEmpty();
      sources.add(readPublic(set ? "GNUPGHOME" : "default GnuPG home", defaultGnupgHome(), true, set, found));
    }
    LoadedPublic loaded = new LoadedPublic(PgpPublicKeys.concat(found), sources);
    if (strict && !loaded.problems().isEmpty()) {
      throw new PgpKeyException("problems loading PGP public keys:\n  "
          + loaded.problems().stream().map(KeyProblem::toString).collect(Collectors.joining("\n  ")));
    }
    return loaded;
  }

  private static KeySource readPublic(String kind, Path path, boolean isHome, boolean required,
      List<PgpPublicKeys> found) {
    String name = path.toString();
    if (!Files.exists(path)) {
      return missing(kind, name, isHome, required);
    }
    try {
      PgpPublicKeys keys = isHome ? PgpKeys.readGnupgHomePublicKeys(path) : PgpKeys.readPublicKeys(path);
      found.add(keys);
      return new KeySource(kind, name, Status.LOADED,
          keys.keys().stream().map(k -> new FoundIdentity("pgp public key", k.fingerprint())).toList(), List.of());
    } catch (PgpKeyException e) {
      return new KeySource(kind, name, Status.FAILED, List.of(), List.of(problem(name, e.getMessage())));
    }
  }

  private static KeySource missing(String kind, String name, boolean isHome, boolean required) {
    return required
        ? new KeySource(kind, name, Status.FAILED, List.of(), List.of(new KeyProblem(name, 0,
            isHome ? "directory not found" : "file not found")))
        : new KeySource(kind, name, Status.NOT_FOUND, List.of(), List.of());
  }

  private PgpPassphrase passphraseSupplier() {
    if (passphrase != null) {
      return passphrase;
    }
    String value = env.get(PASSPHRASE_VARIABLE);
    return value == null || value.isEmpty() ? PgpPassphrase.NONE : PgpPassphrase.of(value.toCharArray());
  }

  private static KeySource sshRsa(Path path, List<PgpSecretKeys> found) {
    String kind = "SSH RSA key as PGP key";
    String name = path.toString();
    if (!Files.exists(path)) {
      return missing(kind, name, false, true);
    }
    try {
      dev.sops4j.ssh.SshPrivateKey key = dev.sops4j.ssh.OpenSshKeyParser.readPrivateKey(path);
      if (!(key instanceof dev.sops4j.ssh.SshRsaPrivateKey rsa)) {
        return new KeySource(kind, name, Status.FAILED, List.of(),
            List.of(new KeyProblem(name, 0, "not an RSA key (sshKeyPaths imports RSA keys as PGP keys)")));
      }
      PgpSecretKeys keys = dev.sops4j.pgp.SshRsaPgpKey.secretKeys(rsa, name);
      found.add(keys);
      return new KeySource(kind, name, Status.LOADED,
          keys.keys().stream().map(k -> new FoundIdentity("pgp", k.fingerprint())).toList(), List.of());
    } catch (java.io.IOException e) {
      return new KeySource(kind, name, Status.FAILED, List.of(), List.of(problem(name, e.getMessage())));
    }
  }

  private static KeySource read(String kind, Path path, boolean isHome, boolean required, PgpPassphrase pass,
      List<PgpSecretKeys> found) {
    String name = path.toString();
    if (!Files.exists(path)) {
      return missing(kind, name, isHome, required);
    }
    PgpSecretKeys keys;
    try {
      keys = isHome ? PgpKeys.readGnupgHome(path, pass) : PgpKeys.readSecretKeys(path, pass);
    } catch (PgpKeyException e) {
      return new KeySource(kind, name, Status.FAILED, List.of(), List.of(problem(name, e.getMessage())));
    }
    found.add(keys);
    List<KeyProblem> problems = new ArrayList<>();
    for (String skipped : keys.skipped()) {
      problems.add(problem(name, skipped));
    }
    return new KeySource(kind, name, Status.LOADED,
        keys.keys().stream().map(k -> new FoundIdentity("pgp", k.fingerprint())).toList(), problems);
  }

  /** A problem for {@code name}; a message naming a file inside it keeps that file as the source. */
  private static KeyProblem problem(String name, String message) {
    int colon = message.indexOf(": ");
    if (colon > 0 && message.startsWith(name)) {
      return new KeyProblem(message.substring(0, colon), 0, message.substring(colon + 2));
    }
    return new KeyProblem(name, 0, message);
  }
}
