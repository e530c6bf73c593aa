package dev.sops4j.testkit;

import dev.sops4j.age.AgeKeyException;
import dev.sops4j.age.AgeKeys;
import dev.sops4j.age.MlKem768X25519Identity;
import dev.sops4j.age.Recipient;
import dev.sops4j.age.SshEd25519Identity;
import dev.sops4j.age.X25519Identity;
import dev.sops4j.keys.KeyRing;
import dev.sops4j.keys.KeyRingLoader;
import dev.sops4j.ssh.OpenSshKeyWriter;
import dev.sops4j.ssh.SshEd25519PrivateKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The throwaway keys of one test (or test class) and the fake home directory that holds them: an age
 * X25519 identity and a post-quantum one in {@code ~/.config/sops/age/keys.txt}, an ssh-ed25519 key in
 * {@code ~/.ssh/id_ed25519}. The {@link #keyRing()} is loaded from that home with the {@link #env()} below,
 * so nothing of the machine ({@code SOPS_AGE_KEY*}, the real {@code ~/.config/sops}, {@code ~/.ssh})
 * is read. {@link #toString()} shows public keys only.
 */
public final class TestKeys {
  static final String DEFAULT_SSH_COMMENT = "sops4j-testkit";

  private final Path home;
  private final X25519Identity x25519;
  private final MlKem768X25519Identity mlKem;
  private final SshKeyPair ssh;
  private final KeyRing keyRing;

  private TestKeys(Path home, X25519Identity x25519, MlKem768X25519Identity mlKem, SshKeyPair ssh,
      KeyRing keyRing) {
    this.home = home;
    this.x25519 = x25519;
    this.mlKem = mlKem;
    this.ssh = ssh;
    this.keyRing = keyRing;
  }

  /**
   * Generates fresh keys and writes them under {@code home} (an existing, private directory the caller
   * deletes), for use without the JUnit extension.
   */
  public static TestKeys generate(Path home) {
    return generate(home, DEFAULT_SSH_COMMENT);
  }

  /** {@link #generate(Path)} with the given comment on the SSH key. */
  public static TestKeys generate(Path home, String sshComment) {
    try {
      X25519Identity x25519 = X25519Identity.generate();
      MlKem768X25519Identity mlKem = MlKem768X25519Identity.generate();
      Path ageDir = Files.createDirectories(home.resolve(".config/sops/age"));
      Instant now = Instant.now();
      writePrivate(ageDir.resolve("keys.txt"),
          AgeKeys.identityFileText(x25519.encode(), x25519.recipient().encode(), now)
          + AgeKeys.identityFileText(mlKem.encode(), mlKem.recipient().encode(), now));

      SshEd25519PrivateKey sshKey = OpenSshKeyWriter.generateEd25519(sshComment);
      Path sshDir = Files.createDirectories(home.resolve(".ssh"));
      TempTree.restrict(sshDir);
      Path privateFile = sshDir.resolve("id_ed25519");
      writePrivate(privateFile, OpenSshKeyWriter.privateKeyFile(sshKey));
      Path publicFile = sshDir.resolve("id_ed25519.pub");
      Files.writeString(publicFile, sshKey.publicKey().authorizedKeysLine() + "\n", StandardCharsets.UTF_8);
      SshKeyPair ssh = new SshKeyPair(privateFile, publicFile, sshKey, new SshEd25519Identity(sshKey));

      KeyRing ring = KeyRingLoader.of(environment(home), home).strict(true).load();
      return new TestKeys(home, x25519, mlKem, ssh, ring);
    } catch (AgeKeyException e) {
      throw new IllegalStateException("the testkit could not load the keys it generated: " + e.getMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the testkit's keys under " + home, e);
    }
  }

  private static void writePrivate(Path file, String text) throws IOException {
    Files.writeString(file, "", StandardCharsets.UTF_8);
    if (Files.getFileStore(file).supportsFileAttributeView("posix")) {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    }
    Files.writeString(file, text, StandardCharsets.UTF_8);
  }

  /** The age X25519 identity ({@code AGE-SECRET-KEY-1…}). */
  public X25519Identity x25519() {
    return x25519;
  }

  /** The post-quantum age identity ({@code AGE-SECRET-KEY-PQ-1…}). */
  public MlKem768X25519Identity mlKem768X25519() {
    return mlKem;
  }

  /** The ssh-ed25519 key pair, written to {@code ~/.ssh/id_ed25519}. */
  public SshKeyPair ssh() {
    return ssh;
  }

  /** The fake home directory holding the key files. */
  public Path home() {
    return home;
  }

  /** The age identity file, {@code ~/.config/sops/age/keys.txt}, with both age identities. */
  public Path ageKeyFile() {
    return home.resolve(".config/sops/age/keys.txt");
  }

  /** The ring with every identity above, read from the fake home only. */
  public KeyRing keyRing() {
    return keyRing;
  }

  /** The recipients of the three keys: X25519, post-quantum, ssh-ed25519 (in this order). */
  public List<Recipient> recipients() {
    return List.of(x25519.recipient(), mlKem.recipient(), ssh.recipient());
  }

  /**
   * An environment for programs under test that find keys the way sops does: only {@code HOME} (the
   * fake home) and {@code XDG_CONFIG_HOME} (its {@code .config}, the same on every OS); no
   * {@code SOPS_AGE_KEY*}.
   */
  public Map<String, String> env() {
    return environment(home);
  }

  private static Map<String, String> environment(Path home) {
    return Map.of("HOME", home.toString(), "XDG_CONFIG_HOME", home.resolve(".config").toString());
  }

  @Override
  public String toString() {
    return "TestKeys[" + x25519.recipient().encode() + ", " + ssh.privateKey().publicKey().fingerprint()
        + ", home " + home + "]";
  }
}
