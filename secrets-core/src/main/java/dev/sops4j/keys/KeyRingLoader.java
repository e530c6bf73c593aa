package dev.sops4j.keys;

import dev.sops4j.age.AgeKeyException;
import dev.sops4j.age.AgeKeys;
import dev.sops4j.age.Identity;
import dev.sops4j.keys.KeySource.Status;
import dev.sops4j.ssh.OpenSshKeyParser;
import dev.sops4j.ssh.SshKeyException;
import dev.sops4j.ssh.SshPassphraseException;
import dev.sops4j.ssh.SshPrivateKey;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Collects age identities from the places sops looks, in sops' order, after the caller's explicit
 * sources:
 * <ol>
 *   <li>explicit key files ({@link #keyFile}, sops-nix {@code age.keyFile}) and SSH keys
 *       ({@link #sshKeyPath}, sops-nix {@code age.sshKeyPaths}), in the order given;</li>
 *   <li>{@code SOPS_AGE_KEY} (identity text), {@code SOPS_AGE_KEY_FILE}, {@code SOPS_AGE_KEY_CMD}
 *       (run by {@code /bin/sh -c}, its standard output is identity text);</li>
 *   <li>the user config file: {@code $XDG_CONFIG_HOME/sops/age/keys.txt}, else
 *       {@code ~/.config/sops/age/keys.txt} ({@code ~/Library/Application Support/sops/age/keys.txt}
 *       on macOS, {@code %APPDATA%\sops\age\keys.txt} on Windows);</li>
 *   <li>{@code SOPS_AGE_SSH_PRIVATE_KEY_FILE}, {@code ~/.ssh/id_ed25519}, {@code ~/.ssh/id_rsa}.</li>
 * </ol>
 * Every SSH ed25519 key gives two identities: the native {@code ssh-ed25519} one and the X25519 one
 * ssh-to-age converts it to. A bad line in identity text is a {@link KeyProblem} naming the file and
 * line; the other lines are still used. Missing optional files are "not found"; a missing explicit
 * file is a problem. Passphrase-protected age identity files and SSH keys ask the
 * {@link #passphrase(PassphrasePrompt) passphrase prompt}; a default SSH key it declines is skipped with
 * a note, an explicit one is a problem. With {@link #strict(boolean)} any problem makes {@link #load()}
 * throw.
 *
 * <p>The environment and the home directory are inputs, so nothing else of the machine is read.
 * A loader is not thread-safe; the {@link KeyRing} it makes is immutable.
 */
public final class KeyRingLoader {
  static final int FILE_SIZE_LIMIT = 16 << 20;
  private static final String AGE_BINARY = "age-encryption";
  private static final String AGE_ARMOR = "-----BEGIN AGE";
  private static final String PEM = "-----BEGIN";

  private final Map<String, String> env;
  private final Path home;
  private String osName = System.getProperty("os.name", "");
  private PassphrasePrompt passphrase = source -> null;
  private boolean promptGiven;
  private boolean standardSources = true;
  private String identityVariable = "SOPS_AGE_KEY";
  private boolean strict;
  private final List<Path> keyFiles = new ArrayList<>();
  private final List<Path> sshKeyPaths = new ArrayList<>();
  private final List<Path> pgpKeyFiles = new ArrayList<>();
  private final List<Path> gnupgHomes = new ArrayList<>();
  private final List<Path> sshPgpKeys = new ArrayList<>();

  private KeyRingLoader(Map<String, String> env, Path home) {
    this.env = Map.copyOf(env);
    this.home = home;
  }

  /** A loader reading the given environment and home directory (tests pass fakes). */
  public static KeyRingLoader of(Map<String, String> env, Path home) {
    return new KeyRingLoader(env, home);
  }

  /** A loader reading this process's environment and {@code user.home}. */
  public static KeyRingLoader fromSystem() {
    return new KeyRingLoader(System.getenv(), Path.of(System.getProperty("user.home")));
  }

  /** The operating system name deciding the user config directory (default: {@code os.name}). */
  public KeyRingLoader osName(String name) {
    this.osName = name;
    return this;
  }

  /**
   * Asked for the passphrase of a passphrase-encrypted age identity file or a passphrase-protected SSH
   * key; may return null to refuse. Same as {@link #passphrase(PassphrasePrompt)} without the source name.
   */
  public KeyRingLoader passphrase(Supplier<char[]> supplier) {
    Objects.requireNonNull(supplier, "supplier");
    this.passphrase = source -> supplier.get();
    this.promptGiven = true;
    return this;
  }

  /**
   * Asked, with the file's name, for the passphrase of a passphrase-encrypted age identity file or a
   * passphrase-protected SSH key (OpenSSH, PEM or PKCS#8). Returning null declines: a default SSH key
   * ({@code ~/.ssh/id_ed25519}, {@code ~/.ssh/id_rsa}) is then skipped with a note, any other file is a
   * problem. Without a prompt every such key is declined. PGP secret keys ask it too (after
   * {@code SOPS4J_PGP_PASSPHRASE}), with the source {@code "PGP key <fingerprint>"}.
   */
  public KeyRingLoader passphrase(PassphrasePrompt prompt) {
    this.passphrase = Objects.requireNonNull(prompt, "prompt");
    this.promptGiven = true;
    return this;
  }

  /** An explicit age identity file (sops-nix {@code age.keyFile}); missing is a problem. */
  public KeyRingLoader keyFile(Path file) {
    keyFiles.add(file);
    return this;
  }

  /** An explicit OpenSSH private key (sops-nix {@code age.sshKeyPaths}); missing is a problem. */
  public KeyRingLoader sshKeyPath(Path file) {
    sshKeyPaths.add(file);
    return this;
  }

  /**
   * An explicit OpenPGP secret key file (armored, binary or a legacy {@code secring.gpg}) for sops
   * {@code pgp} master keys; missing is a problem. PGP keys are read when a file first needs them.
   */
  public KeyRingLoader pgpKeyFile(Path file) {
    pgpKeyFiles.add(file);
    return this;
  }

  /** An SSH RSA key used as a PGP key, as sops-nix's {@code sshKeyPaths} does; missing is a problem. */
  public KeyRingLoader sshPgpKey(Path file) {
    sshPgpKeys.add(file);
    return this;
  }

  /** An explicit GnuPG home (sops-nix {@code gnupgHome}); missing is a problem. */
  public KeyRingLoader gnupgHome(Path dir) {
    gnupgHomes.add(dir);
    return this;
  }

  /**
   * The environment variable whose identity text is read in place of {@code SOPS_AGE_KEY} among the
   * standard sources (a build tool's configured variable); problems and the source list name it.
   */
  public KeyRingLoader identityVariable(String name) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("identity variable name must not be blank");
    }
    this.identityVariable = name.strip();
    return this;
  }

  /** Whether the environment and home directory sources are looked at (default true). */
  public KeyRingLoader standardSources(boolean use) {
    this.standardSources = use;
    return this;
  }

  /** When true, {@link #load()} throws listing every problem instead of recording them. */
  public KeyRingLoader strict(boolean strict) {
    this.strict = strict;
    return this;
  }

  /** Looks at every source and returns the ring. */
  public KeyRing load() throws AgeKeyException {
    List<Identity> identities = new ArrayList<>();
    List<KeySource> sources = new ArrayList<>();
    for (Path p : keyFiles) {
      sources.add(identityFile("explicit key file", p, true, identities));
    }
    for (Path p : sshKeyPaths) {
      sources.add(sshKeyFile("explicit SSH key", p, true, identities));
    }
    if (standardSources) {
      sources.add(identityTextVariable(identityVariable, identities));
      sources.add(fileVariable("SOPS_AGE_KEY_FILE", false, identities));
      sources.add(KeyCommand.run(env, "SOPS_AGE_KEY_CMD", identities));
      sources.add(identityFile("user config file", userConfigFile(), false, identities));
      sources.add(fileVariable("SOPS_AGE_SSH_PRIVATE_KEY_FILE", true, identities));
      sources.add(sshKeyFile("default SSH key", home.resolve(".ssh").resolve("id_ed25519"), false, identities));
      sources.add(sshKeyFile("default SSH key", home.resolve(".ssh").resolve("id_rsa"), false, identities));
    }
    PgpKeySources pgp = PgpKeySources.of(env, home).standardSources(standardSources).strict(strict);
    if (promptGiven) {
      PassphrasePrompt prompt = passphrase;
      String fromEnv = env.get(PgpKeySources.PASSPHRASE_VARIABLE);
      pgp.passphrase(fingerprint -> nonEmpty(fromEnv) ? fromEnv.toCharArray()
          : prompt.passphraseFor("PGP key " + fingerprint));
    }
    pgpKeyFiles.forEach(pgp::keyFile);
    gnupgHomes.forEach(pgp::gnupgHome);
    sshPgpKeys.forEach(pgp::sshRsaKey);
    KeyRing ring = new KeyRing(identities, sources, new PgpKeyRing(pgp));
    return strict ? ring.requireNoProblems() : ring;
  }

  /** The user config file sops reads; package-private for tests. */
  Path userConfigFile() {
    String xdg = env.get("XDG_CONFIG_HOME");
    Path dir;
    if (xdg != null && !xdg.isEmpty()) {
      dir = Path.of(xdg);
    } else if (osName.toLowerCase(Locale.ROOT).startsWith("mac")) {
      dir = home.resolve("Library").resolve("Application Support");
    } else if (osName.toLowerCase(Locale.ROOT).startsWith("windows") && nonEmpty(env.get("APPDATA"))) {
      dir = Path.of(env.get("APPDATA"));
    } else {
      dir = home.resolve(".config");
    }
    return dir.resolve("sops").resolve("age").resolve("keys.txt");
  }

  private KeySource identityTextVariable(String name, List<Identity> identities) {
    String value = env.get(name);
    if (!nonEmpty(value)) {
      return notSet(name);
    }
    Collected found = new Collected();
    List<KeyProblem> problems = new ArrayList<>();
    IdentityText.parse(value, name, found, problems);
    identities.addAll(found.identities);
    return new KeySource(name, "environment variable", Status.LOADED, found.found, problems);
  }

  private KeySource fileVariable(String name, boolean ssh, List<Identity> identities) {
    String value = env.get(name);
    if (!nonEmpty(value)) {
      return notSet(name);
    }
    // A file named by the user is expected to exist, as in sops.
    Path file = Path.of(value);
    return ssh ? sshKeyFile(name, file, true, identities) : identityFile(name, file, true, identities);
  }

  private KeySource identityFile(String kind, Path file, boolean required, List<Identity> identities) {
    String name = file.toString();
    byte[] content;
    try {
      content = read(file);
    } catch (NoSuchFileException e) {
      return missing(kind, file, required);
    } catch (IOException e) {
      return failed(kind, file, e.getMessage());
    }
    Collected found = new Collected();
    List<KeyProblem> problems = new ArrayList<>();
    String start = new String(content, 0, Math.min(content.length, AGE_ARMOR.length()), StandardCharsets.ISO_8859_1);
    try {
      if (start.equals(AGE_BINARY) || start.equals(AGE_ARMOR)) {
        found.addAllAge(AgeKeys.readIdentityFile(file, () -> passphrase.passphraseFor(name)));
      } else if (start.startsWith(PEM)) {
        found.addSsh(parseSsh(content, name));
      } else {
        IdentityText.parse(utf8(content, name), name, found, problems);
      }
    } catch (IOException e) {
      return failed(kind, file, messageWithoutSource(e, name));
    }
    identities.addAll(found.identities);
    return new KeySource(kind, name, Status.LOADED, found.found, problems);
  }

  private KeySource sshKeyFile(String kind, Path file, boolean required, List<Identity> identities) {
    String name = file.toString();
    Collected found = new Collected();
    try {
      found.addSsh(parseSsh(read(file), name));
    } catch (NoSuchFileException e) {
      return missing(kind, file, required);
    } catch (SshPassphraseException e) {
      if (!required && e.reason() == SshPassphraseException.Reason.MISSING) {
        return new KeySource(kind, name, Status.SKIPPED, List.of(), List.of(),
            "passphrase-protected and no passphrase given");
      }
      return failed(kind, file, messageWithoutSource(e, name));
    } catch (IOException e) {
      return failed(kind, file, messageWithoutSource(e, name));
    }
    identities.addAll(found.identities);
    return new KeySource(kind, name, Status.LOADED, found.found, List.of());
  }

  /** An SSH private key file's content; the prompt is asked (with the file name) only when it is encrypted. */
  private SshPrivateKey parseSsh(byte[] content, String name) throws IOException {
    return OpenSshKeyParser.parsePrivateKey(utf8(content, name), name, () -> passphrase.passphraseFor(name));
  }

  private static KeySource missing(String kind, Path file, boolean required) {
    if (required) {
      return failed(kind, file, "file not found");
    }
    return new KeySource(kind, file.toString(), Status.NOT_FOUND, List.of(), List.of());
  }

  private static KeySource failed(String kind, Path file, String message) {
    String name = file.toString();
    return new KeySource(kind, name, Status.FAILED, List.of(), List.of(new KeyProblem(name, 0, message)));
  }

  private static KeySource notSet(String variable) {
    return new KeySource(variable, "environment variable", Status.NOT_SET, List.of(), List.of());
  }

  /** Our key parsers start messages with the source name; the problem names it already. */
  private static String messageWithoutSource(IOException e, String name) {
    String m = e instanceof AgeKeyException || e instanceof SshKeyException
        ? String.valueOf(e.getMessage()) : "cannot read the file (" + e.getClass().getSimpleName() + ")";
    if (m.equals("wrong passphrase for " + name)) {
      return "wrong passphrase";
    }
    return m.startsWith(name + ": ") ? m.substring(name.length() + 2) : m;
  }

  private static byte[] read(Path file) throws IOException {
    if (Files.isDirectory(file)) {
      throw new IOException("is a directory");
    }
    try (InputStream in = Files.newInputStream(file)) {
      byte[] content = in.readNBytes(FILE_SIZE_LIMIT + 1);
      if (content.length > FILE_SIZE_LIMIT) {
        throw new AgeKeyException("the file is larger than " + (FILE_SIZE_LIMIT >> 20) + " MiB");
      }
      return content;
    }
  }

  static String utf8(byte[] content, String name) throws AgeKeyException {
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(content)).toString();
    } catch (CharacterCodingException e) {
      throw new AgeKeyException(name + ": the file is not valid UTF-8");
    }
  }

  private static boolean nonEmpty(String s) {
    return s != null && !s.isEmpty();
  }
}
