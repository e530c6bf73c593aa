package dev.sops4j.age;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sops4j.ssh.ProcessRunner;
import dev.sops4j.testsupport.Peers;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Interop with the real age CLI (1.1.1 on PATH) both ways, for X25519 (one and three recipients),
 * ssh-ed25519 and ssh-rsa, binary and armored, at the STREAM chunk boundaries and at 5 MiB. Data goes
 * through files; the CLI is run with argument lists. For scrypt ({@code age -p}), which age 1.1.1
 * reads only from a terminal, the CLI runs under util-linux {@code script} to give it a pseudo-terminal.
 */
class AgeCliInteropTest {
  private static final int MIB = 1024 * 1024;
  private static final List<Integer> BOUNDARY_SIZES = List.of(0, 1, 65535, 65536, 65537);

  @TempDir
  static Path keys;
  private static Path age;
  private static final java.util.Map<Kind, KeySet> KEY_SETS = new java.util.EnumMap<>(Kind.class);

  /** Which kind of recipient the file is encrypted to. */
  enum Kind { X25519, X25519_THREE, SSH_ED25519, SSH_RSA }

  /** Who encrypts; the other one decrypts. */
  enum Direction { JAVA_TO_CLI, CLI_TO_JAVA }

  /** The key material of one kind: CLI arguments for encrypting and an identity file for both sides. */
  private record KeySet(List<String> cliRecipientArgs, List<Recipient> javaRecipients, Path identityFile) {}

  @BeforeAll
  static void makeKeys() throws Exception {
    age = Peers.executable("age");
    Path ageKeygen = Peers.executable("age-keygen");
    Path sshKeygen = Peers.executable("ssh-keygen");

    // X25519, one recipient, identity file written by age-keygen -o
    Path keygenFile = keys.resolve("age-keygen.txt");
    ProcessRunner.runOk(keys, List.of(ageKeygen.toString(), "-o", keygenFile.toString()), null);
    String keygenRecipient = ProcessRunner.runOk(keys, List.of(ageKeygen.toString(), "-y", keygenFile.toString()), null)
        .stdoutText().strip();
    KEY_SETS.put(Kind.X25519, new KeySet(List.of("-r", keygenRecipient),
        List.of(AgeKeys.parseRecipient(keygenRecipient)), keygenFile));

    // X25519, three recipients; decrypted with the identity file written from X25519Identity.generate()
    X25519Identity second = X25519Identity.generate();
    X25519Identity third = X25519Identity.generate();
    Path ourFile = keys.resolve("ours.txt");
    Files.writeString(ourFile, AgeKeys.identityFileText(third.encode(), third.recipient().encode(), Instant.now()));
    List<String> three = List.of(keygenRecipient, second.recipient().encode(), third.recipient().encode());
    List<String> threeArgs = new ArrayList<>();
    List<Recipient> threeRecipients = new ArrayList<>();
    for (String r : three) {
      threeArgs.addAll(List.of("-r", r));
      threeRecipients.add(AgeKeys.parseRecipient(r));
    }
    KEY_SETS.put(Kind.X25519_THREE, new KeySet(threeArgs, threeRecipients, ourFile));

    // ssh keys from ssh-keygen: recipients from the .pub file (-R), identity = the private key file (-i)
    Path ed = ProcessRunner.sshKeygen(sshKeygen, keys, "id_ed25519", "-t", "ed25519", "-C", "interop-ed");
    Path rsa = ProcessRunner.sshKeygen(sshKeygen, keys, "id_rsa", "-t", "rsa", "-b", "3072", "-C", "interop-rsa");
    for (var e : List.of(java.util.Map.entry(Kind.SSH_ED25519, ed), java.util.Map.entry(Kind.SSH_RSA, rsa))) {
      Path pub = Path.of(e.getValue() + ".pub");
      KEY_SETS.put(e.getKey(), new KeySet(List.of("-R", pub.toString()), AgeKeys.readRecipientsFile(pub), e.getValue()));
    }
  }

  static Stream<Arguments> cases() {
    List<Arguments> out = new ArrayList<>();
    for (Kind kind : Kind.values()) {
      for (Direction dir : Direction.values()) {
        for (boolean armor : List.of(false, true)) {
          for (int size : BOUNDARY_SIZES) {
            out.add(Arguments.of(kind, dir, armor, size));
          }
        }
        // one 5 MiB file per kind and direction, alternating binary and armored
        out.add(Arguments.of(kind, dir, (kind.ordinal() + dir.ordinal()) % 2 == 1, 5 * MIB));
      }
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0} {1} armor={2} size={3}")
  @MethodSource("cases")
  void roundTrip(Kind kind, Direction dir, boolean armor, int size, @TempDir Path dir0) throws Exception {
    KeySet keySet = KEY_SETS.get(kind);
    byte[] plaintext = plaintext(size, kind.ordinal() * 31L + size);
    Path plain = dir0.resolve("plain.bin");
    Path encrypted = dir0.resolve("file.age");
    Path decrypted = dir0.resolve("decrypted.bin");
    Files.write(plain, plaintext);

    if (dir == Direction.JAVA_TO_CLI) {
      try (OutputStream out = Age.encrypt(Files.newOutputStream(encrypted), keySet.javaRecipients(), armor)) {
        out.write(plaintext);
      }
      // to stdout: age 1.1.1 creates an -o file only on the first write, so none for empty plaintext
      byte[] out = ProcessRunner.runOk(dir0, List.of(age.toString(), "-d", "-i", keySet.identityFile().toString(),
          encrypted.toString()), null).stdout();
      Files.write(decrypted, out);
    } else {
      List<String> cmd = new ArrayList<>(List.of(age.toString(), "-e"));
      if (armor) {
        cmd.add("-a");
      }
      cmd.addAll(keySet.cliRecipientArgs());
      cmd.addAll(List.of("-o", encrypted.toString(), plain.toString()));
      ProcessRunner.runOk(dir0, cmd, null);
      List<Identity> identities = AgeKeys.readIdentityFile(keySet.identityFile(), () -> {
        throw new AssertionError("no passphrase expected");
      });
      try (InputStream in = Age.decrypt(Files.newInputStream(encrypted), identities);
          OutputStream out = Files.newOutputStream(decrypted)) {
        in.transferTo(out);
      }
    }

    assertThat(startOf(encrypted)).startsWith(armor ? "-----BEGIN AGE ENCRYPTED FILE-----" : "age-encryption.org/v1\n");
    assertThat(stanzaTypes(encrypted))
        .containsOnly(kind == Kind.SSH_ED25519 ? "ssh-ed25519" : kind == Kind.SSH_RSA ? "ssh-rsa" : "X25519")
        .hasSize(kind == Kind.X25519_THREE ? 3 : 1);
    byte[] got = Files.readAllBytes(decrypted);
    assertThat(got.length).isEqualTo(size);
    assertThat(got).isEqualTo(plaintext);
  }

  @Test
  void cliRefusesAFileForAnotherSshKeyAndJavaToo(@TempDir Path dir) throws Exception {
    // encrypted by the CLI to the ed25519 key, offered the rsa key: both sides report no match
    Path plain = dir.resolve("p");
    Files.writeString(plain, "not for you\n");
    Path enc = dir.resolve("p.age");
    ProcessRunner.runOk(dir, List.of(age.toString(), "-e", "-R", KEY_SETS.get(Kind.SSH_ED25519).identityFile() + ".pub",
        "-o", enc.toString(), plain.toString()), null);
    var cli = ProcessRunner.run(dir, List.of(age.toString(), "-d", "-i",
        KEY_SETS.get(Kind.SSH_RSA).identityFile().toString(), enc.toString()), null);
    assertThat(cli.exitCode()).isNotZero();
    assertThat(cli.stdout()).isEmpty();
    List<Identity> rsa = AgeKeys.readIdentityFile(KEY_SETS.get(Kind.SSH_RSA).identityFile(), () -> null);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> Age.decrypt(Files.readAllBytes(enc), rsa))
        .isInstanceOf(NoIdentityMatchException.class)
        .hasMessageContaining("ssh-ed25519").hasMessageContaining("ssh-rsa");
  }

  // ---- scrypt: age -p reads the passphrase from a terminal, so run it under script(1) ------------

  private static final String PASSPHRASE = "correct horse battery staple";

  @Test
  void scryptCliEncryptsJavaDecrypts(@TempDir Path dir) throws Exception {
    byte[] plaintext = plaintext(70_000, 7);
    Path plain = dir.resolve("plain.bin");
    Path enc = dir.resolve("plain.age");
    Files.write(plain, plaintext);
    // the passphrase twice: entered and confirmed
    runWithTerminal(dir, List.of(age.toString(), "-e", "-p", "-o", enc.toString(), plain.toString()),
        PASSPHRASE + "\n" + PASSPHRASE + "\n");
    assertThat(stanzaTypes(enc)).containsExactly("scrypt");
    byte[] got = Age.decrypt(Files.readAllBytes(enc),
        List.of(new ScryptIdentity(PASSPHRASE.getBytes(StandardCharsets.UTF_8))));
    assertThat(got).isEqualTo(plaintext);
  }

  @Test
  void scryptJavaEncryptsCliDecrypts(@TempDir Path dir) throws Exception {
    byte[] plaintext = plaintext(70_000, 8);
    Path enc = dir.resolve("plain.age");
    Path out = dir.resolve("out.bin");
    var recipient = new ScryptRecipient(PASSPHRASE.getBytes(StandardCharsets.UTF_8)).withWorkFactor(15);
    try (OutputStream o = Age.encrypt(Files.newOutputStream(enc), List.of(recipient), true)) {
      o.write(plaintext);
    }
    runWithTerminal(dir, List.of(age.toString(), "-d", "-o", out.toString(), enc.toString()), PASSPHRASE + "\n");
    assertThat(Files.readAllBytes(out)).isEqualTo(plaintext);
  }

  /** Runs {@code command} on a pseudo-terminal (script -qec), typing {@code typed} into it; exit code 0. */
  private static void runWithTerminal(Path dir, List<String> command, String typed) throws Exception {
    Path script = Peers.executable("script");
    StringBuilder quoted = new StringBuilder();
    for (String arg : command) {
      quoted.append(quoted.length() == 0 ? "" : " ").append("'").append(arg.replace("'", "'\\''")).append("'");
    }
    Path input = dir.resolve("typed.txt");
    Files.writeString(input, typed);
    ProcessRunner.runOk(dir, List.of(script.toString(), "-qec", quoted.toString(), "/dev/null"), input);
  }

  private static byte[] plaintext(int size, long seed) {
    byte[] b = new byte[size];
    new Random(seed).nextBytes(b);
    return b;
  }

  private static String startOf(Path file) throws Exception {
    try (InputStream in = Files.newInputStream(file)) {
      return new String(in.readNBytes(40), StandardCharsets.ISO_8859_1);
    }
  }

  /** The stanza types of the (de-armored) header, read through the project's own header reader. */
  private static List<String> stanzaTypes(Path file) throws Exception {
    byte[] all = Files.readAllBytes(file);
    InputStream in = new java.io.ByteArrayInputStream(all);
    if (all.length > 0 && all[0] == '-') {
      in = new ArmoredInputStream(in);
    }
    byte[] head = in.readNBytes(4096);
    String text = new String(head, StandardCharsets.ISO_8859_1);
    List<String> types = new ArrayList<>();
    for (String line : text.substring(0, text.indexOf("\n---")).split("\n")) {
      if (line.startsWith("-> ")) {
        types.add(line.substring(3).split(" ")[0]);
      }
    }
    return types;
  }
}
