package dev.sops4j.age;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sops4j.keys.KeyRing;
import dev.sops4j.keys.KeyRingLoader;
import dev.sops4j.ssh.OpenSshKeyParser;
import dev.sops4j.ssh.ProcessRunner;
import dev.sops4j.ssh.SshKeyException;
import dev.sops4j.ssh.SshPrivateKey;
import dev.sops4j.ssh.SshPublicKey;
import dev.sops4j.testsupport.Peers;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Keys made by the real {@code ssh-keygen} (ed25519 with and without a passphrase, RSA 2048 and 4096,
 * each generated once for the class) against the real {@code age} CLI (1.1.1): files the CLI encrypts
 * to {@code key.pub} open with the private key through sops4j and the other way round; for ed25519 also
 * the ssh-to-age conversion both ways and a key ring holding nothing but the SSH key. RSA keys do not
 * convert. Payloads are random, at the STREAM chunk boundaries (0, 1, 65536, 65537 bytes).
 */
class SshKeygenInteropTest {
  private static final List<Integer> SIZES = List.of(0, 1, 65536, 65537);
  /** The passphrase of the protected key; also the canary that must never show in a message. */
  private static final String PASSPHRASE = "interop canary passphrase 7f3a";

  /** The keys ssh-keygen makes for this class. */
  enum KeyKind {
    ED25519("ssh-ed25519", null, "-t", "ed25519"),
    ED25519_PASSPHRASE("ssh-ed25519", PASSPHRASE, "-t", "ed25519"),
    RSA_2048("ssh-rsa", null, "-t", "rsa", "-b", "2048"),
    RSA_4096("ssh-rsa", null, "-t", "rsa", "-b", "4096");

    final String stanzaType;
    final String passphrase;
    final List<String> keygenOptions;

    KeyKind(String stanzaType, String passphrase, String... keygenOptions) {
      this.stanzaType = stanzaType;
      this.passphrase = passphrase;
      this.keygenOptions = List.of(keygenOptions);
    }

    boolean isEd25519() {
      return stanzaType.equals("ssh-ed25519");
    }
  }

  @TempDir
  static Path keys;
  private static Path age;
  private static final Map<KeyKind, Path> KEY_FILES = new EnumMap<>(KeyKind.class);

  @BeforeAll
  static void makeKeys() throws Exception {
    age = Peers.executable("age");
    Path sshKeygen = Peers.executable("ssh-keygen");
    for (KeyKind kind : KeyKind.values()) {
      Path key = keys.resolve("id_" + kind.name().toLowerCase(java.util.Locale.ROOT));
      List<String> cmd = new ArrayList<>(List.of(sshKeygen.toString(), "-q", "-C", "interop " + kind,
          "-N", kind.passphrase == null ? "" : kind.passphrase, "-f", key.toString()));
      cmd.addAll(kind.keygenOptions);
      ProcessRunner.runOk(keys, cmd, null);
      KEY_FILES.put(kind, key);
    }
  }

  static Stream<Arguments> everyKeyBothArmors() {
    return kindsBothArmors(List.of(KeyKind.values()));
  }

  static Stream<Arguments> ed25519KeysBothArmors() {
    return kindsBothArmors(List.of(KeyKind.ED25519, KeyKind.ED25519_PASSPHRASE));
  }

  private static Stream<Arguments> kindsBothArmors(List<KeyKind> kinds) {
    List<Arguments> out = new ArrayList<>();
    for (KeyKind kind : kinds) {
      out.add(Arguments.of(kind, false));
      out.add(Arguments.of(kind, true));
    }
    return out.stream();
  }

  // ---- native ssh stanzas ------------------------------------------------------------------------

  @ParameterizedTest(name = "{0} armor={1}")
  @MethodSource("everyKeyBothArmors")
  void cliEncryptsToThePubFileSops4jDecryptsWithThePrivateKey(KeyKind kind, boolean armor, @TempDir Path dir)
      throws Exception {
    AtomicInteger asked = new AtomicInteger();
    SshPrivateKey privateKey = parsePrivateKey(kind, asked);
    // ssh-keygen's key is encrypted exactly when it has a passphrase: the parser asks once, or never
    assertThat(asked.get()).isEqualTo(kind.passphrase == null ? 0 : 1);
    List<Identity> identities = List.of(SshKeys.identity(privateKey));
    for (int size : SIZES) {
      byte[] plaintext = plaintext(size, kind.ordinal());
      Path encrypted = cliEncrypt(dir, plaintext, armor, "-R", pubFile(kind).toString());
      assertThat(stanzaTypes(encrypted)).containsExactly(kind.stanzaType);
      assertThat(decrypt(encrypted, identities)).as("%s size %d", kind, size).isEqualTo(plaintext);
    }
  }

  /**
   * age reads the passphrase of an encrypted SSH key only from a terminal, so for that key the CLI runs
   * under util-linux {@code script} (a pseudo-terminal) and is typed the passphrase.
   */
  @ParameterizedTest(name = "{0} armor={1}")
  @MethodSource("everyKeyBothArmors")
  void sops4jEncryptsToThePublicKeyCliDecryptsWithThePrivateKey(KeyKind kind, boolean armor, @TempDir Path dir)
      throws Exception {
    SshPublicKey publicKey = OpenSshKeyParser.readPublicKey(pubFile(kind));
    Recipient recipient = SshKeys.recipient(publicKey);
    for (int size : SIZES) {
      byte[] plaintext = plaintext(size, 10 + kind.ordinal());
      Path encrypted = sops4jEncrypt(dir, plaintext, recipient, armor);
      assertThat(stanzaTypes(encrypted)).containsExactly(kind.stanzaType);
      byte[] decrypted = kind.passphrase == null
          ? cliDecrypt(dir, KEY_FILES.get(kind), encrypted)
          : cliDecryptOnTerminal(dir, KEY_FILES.get(kind), encrypted, kind.passphrase);
      assertThat(decrypted).as("%s size %d", kind, size).isEqualTo(plaintext);
    }
  }

  @Test
  void wrongPassphraseIsRefusedWithoutShowingIt() throws Exception {
    Path key = KEY_FILES.get(KeyKind.ED25519_PASSPHRASE);
    String text = Files.readString(key, StandardCharsets.UTF_8);
    String wrong = PASSPHRASE + " typo";
    assertThatThrownBy(() -> OpenSshKeyParser.parsePrivateKey(text, key.toString(), wrong::toCharArray))
        .isInstanceOf(SshKeyException.class)
        .hasMessageContaining(key.toString())
        .hasMessageContaining("wrong passphrase")
        .hasMessageNotContaining(PASSPHRASE);
    // without a passphrase supplier the key is refused, again naming the file
    assertThatThrownBy(() -> OpenSshKeyParser.parsePrivateKey(text, key.toString()))
        .isInstanceOf(SshKeyException.class)
        .hasMessageStartingWith(key + ": ");
  }

  // ---- ssh-to-age conversion (ed25519 only) ------------------------------------------------------

  @ParameterizedTest(name = "{0} armor={1}")
  @MethodSource("ed25519KeysBothArmors")
  void cliEncryptsToTheConvertedRecipientSops4jDecryptsWithTheConvertedIdentity(KeyKind kind, boolean armor,
      @TempDir Path dir) throws Exception {
    String recipient = convertedRecipient(kind);
    X25519Identity identity = SshToAge.identity(parsePrivateKey(kind, new AtomicInteger()), "key");
    assertThat(identity.recipient().encode()).isEqualTo(recipient);
    for (int size : SIZES) {
      byte[] plaintext = plaintext(size, 20 + kind.ordinal());
      Path encrypted = cliEncrypt(dir, plaintext, armor, "-r", recipient);
      assertThat(stanzaTypes(encrypted)).containsExactly("X25519");
      assertThat(decrypt(encrypted, List.of(identity))).as("%s size %d", kind, size).isEqualTo(plaintext);
    }
  }

  /** The converted identity carries no passphrase any more, so the CLI reads it from a plain file. */
  @ParameterizedTest(name = "{0} armor={1}")
  @MethodSource("ed25519KeysBothArmors")
  void convertedIdentityFileOpensSops4jFilesWithTheCli(KeyKind kind, boolean armor, @TempDir Path dir)
      throws Exception {
    X25519Identity identity = SshToAge.identity(parsePrivateKey(kind, new AtomicInteger()), "key");
    Path identityFile = dir.resolve("converted-identity.txt");
    Files.createFile(identityFile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(identityFile, identity.encode() + "\n");
    // encrypt to the recipient converted from the public key alone, parsed back from its string
    Recipient recipient = AgeKeys.parseRecipient(convertedRecipient(kind));
    for (int size : SIZES) {
      byte[] plaintext = plaintext(size, 30 + kind.ordinal());
      Path encrypted = sops4jEncrypt(dir, plaintext, recipient, armor);
      assertThat(stanzaTypes(encrypted)).containsExactly("X25519");
      assertThat(cliDecrypt(dir, identityFile, encrypted)).as("%s size %d", kind, size).isEqualTo(plaintext);
    }
  }

  @Test
  void keyRingWithOnlyTheSshKeyOpensBothKindsOfCliFiles(@TempDir Path dir) throws Exception {
    Path key = KEY_FILES.get(KeyKind.ED25519);
    byte[] plaintext = plaintext(65537, 40);
    Path nativeFile = cliEncrypt(dir, plaintext, false, "-R", pubFile(KeyKind.ED25519).toString());
    Path convertedFile = cliEncrypt(dir, plaintext, true, "-r", convertedRecipient(KeyKind.ED25519));

    // sops-nix style: age.sshKeyPaths only, no environment, an empty home
    Path emptyHome = Files.createDirectory(dir.resolve("empty-home"));
    KeyRing explicit = KeyRingLoader.of(Map.of(), emptyHome).standardSources(false).sshKeyPath(key).strict(true)
        .load();
    assertOpensBoth(explicit, nativeFile, convertedFile, plaintext);

    // a user with nothing but ~/.ssh/id_ed25519 (and an environment without SOPS_* variables)
    Path home = dir.resolve("home");
    Files.createDirectories(home.resolve(".ssh"));
    Files.copy(key, home.resolve(".ssh").resolve("id_ed25519"));
    KeyRing fromHome = KeyRingLoader.of(Map.of(), home).osName("Linux").strict(true).load();
    assertOpensBoth(fromHome, nativeFile, convertedFile, plaintext);
  }

  private static void assertOpensBoth(KeyRing ring, Path nativeFile, Path convertedFile, byte[] plaintext)
      throws Exception {
    assertThat(ring.identities()).extracting(Identity::type).containsExactly("ssh-ed25519", "X25519");
    assertThat(stanzaTypes(nativeFile)).containsExactly("ssh-ed25519");
    assertThat(stanzaTypes(convertedFile)).containsExactly("X25519");
    assertThat(decrypt(nativeFile, ring.identities())).isEqualTo(plaintext);
    assertThat(decrypt(convertedFile, ring.identities())).isEqualTo(plaintext);
    // and each identity alone opens only its own kind of file
    assertThatThrownBy(() -> decrypt(convertedFile, List.of(ring.identities().get(0))))
        .isInstanceOf(NoIdentityMatchException.class);
    assertThatThrownBy(() -> decrypt(nativeFile, List.of(ring.identities().get(1))))
        .isInstanceOf(NoIdentityMatchException.class);
  }

  // ---- RSA keys do not convert -------------------------------------------------------------------

  @ParameterizedTest
  @EnumSource(value = KeyKind.class, names = {"RSA_2048", "RSA_4096"})
  void rsaKeysAreRefusedByTheConversion(KeyKind kind) throws Exception {
    SshPrivateKey privateKey = parsePrivateKey(kind, new AtomicInteger());
    assertThatThrownBy(() -> SshToAge.identity(privateKey, "id_rsa"))
        .isInstanceOf(AgeKeyException.class)
        .hasMessage("id_rsa: ssh-rsa key: " + SshToAge.ONLY_ED25519);
    SshPublicKey publicKey = OpenSshKeyParser.readPublicKey(pubFile(kind));
    assertThatThrownBy(() -> SshToAge.recipient(publicKey, "id_rsa.pub"))
        .isInstanceOf(AgeKeyException.class)
        .hasMessage("id_rsa.pub: ssh-rsa key: " + SshToAge.ONLY_ED25519);
    List<String> notes = new ArrayList<>();
    assertThat(SshToAge.recipientStrings(Files.readString(pubFile(kind)), "id_rsa.pub", notes::add)).isEmpty();
    assertThat(notes).containsExactly("skipping ssh-rsa key on line 1: " + SshToAge.ONLY_ED25519);
  }

  // ---- helpers ------------------------------------------------------------------------------------

  private static Path pubFile(KeyKind kind) {
    return Path.of(KEY_FILES.get(kind) + ".pub");
  }

  /** The private key through the parser, its passphrase (if any) through the supplier; counts the asks. */
  private static SshPrivateKey parsePrivateKey(KeyKind kind, AtomicInteger asked) throws Exception {
    Path key = KEY_FILES.get(kind);
    return OpenSshKeyParser.parsePrivateKey(Files.readString(key, StandardCharsets.UTF_8), key.toString(), () -> {
      asked.incrementAndGet();
      assertThat(kind.passphrase).as("passphrase asked for an unencrypted key").isNotNull();
      return kind.passphrase.toCharArray();
    });
  }

  /** The age1 recipient converted from the .pub file alone. */
  private static String convertedRecipient(KeyKind kind) throws Exception {
    List<String> recipients = SshToAge.recipientStrings(Files.readString(pubFile(kind)), "pub", n -> {});
    assertThat(recipients).hasSize(1);
    return recipients.get(0);
  }

  private static Path cliEncrypt(Path dir, byte[] plaintext, boolean armor, String... recipientArgs)
      throws Exception {
    Path plain = Files.createTempFile(dir, "plain", ".bin");
    Files.write(plain, plaintext);
    Path encrypted = Files.createTempFile(dir, "cli", ".age");
    List<String> cmd = new ArrayList<>(List.of(age.toString(), "-e"));
    if (armor) {
      cmd.add("-a");
    }
    cmd.addAll(List.of(recipientArgs));
    cmd.addAll(List.of("-o", encrypted.toString(), plain.toString()));
    ProcessRunner.runOk(dir, cmd, null);
    assertThat(startOf(encrypted)).startsWith(armor ? "-----BEGIN AGE ENCRYPTED FILE-----" : "age-encryption.org/v1\n");
    return encrypted;
  }

  private static Path sops4jEncrypt(Path dir, byte[] plaintext, Recipient recipient, boolean armor) throws Exception {
    Path encrypted = Files.createTempFile(dir, "sops4j", ".age");
    try (OutputStream out = Age.encrypt(Files.newOutputStream(encrypted), List.of(recipient), armor)) {
      out.write(plaintext);
    }
    assertThat(startOf(encrypted)).startsWith(armor ? "-----BEGIN AGE ENCRYPTED FILE-----" : "age-encryption.org/v1\n");
    return encrypted;
  }

  private static byte[] decrypt(Path encrypted, List<Identity> identities) throws Exception {
    try (InputStream in = Age.decrypt(Files.newInputStream(encrypted), identities)) {
      return in.readAllBytes();
    }
  }

  /** {@code age -d -i identity file}, plaintext from stdout (age 1.1.1 writes no -o file for empty output). */
  private static byte[] cliDecrypt(Path dir, Path identity, Path encrypted) throws Exception {
    return ProcessRunner.runOk(dir, List.of(age.toString(), "-d", "-i", identity.toString(), encrypted.toString()),
        null).stdout();
  }

  /** {@code age -d -i key -o out file} on a pseudo-terminal ({@code script -qec}), typing the passphrase. */
  private static byte[] cliDecryptOnTerminal(Path dir, Path key, Path encrypted, String passphrase) throws Exception {
    Path script = Peers.executable("script");
    Path out = dir.resolve("terminal-out.bin");
    Files.deleteIfExists(out);
    StringBuilder quoted = new StringBuilder();
    for (String arg : List.of(age.toString(), "-d", "-i", key.toString(), "-o", out.toString(), encrypted.toString())) {
      quoted.append(quoted.length() == 0 ? "" : " ").append("'").append(arg.replace("'", "'\\''")).append("'");
    }
    Path typed = dir.resolve("typed.txt");
    Files.writeString(typed, passphrase + "\n");
    ProcessRunner.runOk(dir, List.of(script.toString(), "-qec", quoted.toString(), "/dev/null"), typed);
    Files.delete(typed);
    return Files.exists(out) ? Files.readAllBytes(out) : new byte[0];
  }

  private static byte[] plaintext(int size, long seed) {
    byte[] data = new byte[size];
    new SplittableRandom(seed * 1_000_003L + size).nextBytes(data);
    return data;
  }

  private static String startOf(Path file) throws Exception {
    try (InputStream in = Files.newInputStream(file)) {
      return new String(in.readNBytes(40), StandardCharsets.ISO_8859_1);
    }
  }

  /** The stanza types of the (de-armored) header. */
  private static List<String> stanzaTypes(Path file) throws Exception {
    byte[] all = Files.readAllBytes(file);
    InputStream in = new java.io.ByteArrayInputStream(all);
    if (all.length > 0 && all[0] == '-') {
      in = new ArmoredInputStream(in);
    }
    String text = new String(in.readNBytes(4096), StandardCharsets.ISO_8859_1);
    List<String> types = new ArrayList<>();
    for (String line : text.substring(0, text.indexOf("\n---")).split("\n")) {
      if (line.startsWith("-> ")) {
        types.add(line.substring(3).split(" ")[0]);
      }
    }
    return types;
  }
}
