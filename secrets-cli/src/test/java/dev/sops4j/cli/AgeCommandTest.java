package dev.sops4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sops4j.age.Age;
import dev.sops4j.age.ScryptRecipient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** In-process tests of {@code age encrypt} and {@code age decrypt}, their outputs and their failures. */
class AgeCommandTest {
  private static final int CHUNK = 64 * 1024;

  @TempDir Path dir;

  private final CliRunner cli = CliRunner.plain();
  private Path identity;
  private String recipient;
  private String secretKey;

  @BeforeEach
  void newKey() throws Exception {
    identity = dir.resolve("key.txt");
    cli.run("age-keygen", "-o", identity.toString()).ok();
    List<String> lines = Files.readAllLines(identity);
    recipient = lines.get(1).substring("# public key: ".length());
    secretKey = lines.get(2);
  }

  @Test
  void roundTripsThroughStandardStreams() {
    byte[] plaintext = randomBytes(3 * CHUNK + 17, 1);

    byte[] encrypted = cli.runWithInput(plaintext, "age", "encrypt", "-r", recipient).ok().stdout();
    assertThat(new String(encrypted, 0, 22, StandardCharsets.US_ASCII)).isEqualTo("age-encryption.org/v1\n");

    byte[] decrypted = cli.runWithInput(encrypted, "age", "decrypt", "-i", identity.toString()).ok().stdout();
    assertThat(decrypted).isEqualTo(plaintext);
  }

  @Test
  void roundTripsArmoredFilesAndDetectsArmorOnDecrypt() throws Exception {
    Path in = write("plain.txt", "armored hello\n".getBytes(StandardCharsets.UTF_8));
    Path out = dir.resolve("plain.txt.age");

    cli.run("age", "encrypt", "-a", "-r", recipient, "-o", out.toString(), in.toString()).ok();

    assertThat(Files.readString(out)).startsWith("-----BEGIN AGE ENCRYPTED FILE-----\n")
        .endsWith("-----END AGE ENCRYPTED FILE-----\n");
    assertThat(cli.run("age", "decrypt", "-i", identity.toString(), out.toString()).ok().stdoutText())
        .isEqualTo("armored hello\n");
  }

  @Test
  void encryptsToARecipientsFileAndWritesOutputFilesOwnerOnly() throws Exception {
    Path recipients = write("recipients.txt", ("# team\n" + recipient + "\n").getBytes(StandardCharsets.UTF_8));
    Path in = write("plain.bin", randomBytes(1000, 2));
    Path encrypted = dir.resolve("plain.age");
    Path decrypted = dir.resolve("plain.out");

    cli.run("age", "encrypt", "-R", recipients.toString(), "-o", encrypted.toString(), in.toString()).ok();
    cli.run("age", "decrypt", "-i", identity.toString(), "-o", decrypted.toString(), encrypted.toString()).ok();

    assertThat(decrypted).hasSameBinaryContentAs(in);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(decrypted))).isEqualTo("rw-------");
    assertThat(leftovers()).containsExactlyInAnyOrder("key.txt", "recipients.txt", "plain.bin", "plain.age",
        "plain.out");
  }

  @Test
  void passphraseFromTheEnvironmentEncryptsAndDecrypts() {
    var withPassphrase = CliRunner.withEnv(Map.of(CliIo.PASSPHRASE_ENV, "correct horse battery staple"));
    byte[] plaintext = "passphrase protected".getBytes(StandardCharsets.UTF_8);

    byte[] encrypted = withPassphrase.runWithInput(plaintext, "age", "encrypt", "-p").ok().stdout();

    assertThat(new String(encrypted, StandardCharsets.US_ASCII)).contains("\n-> scrypt ");
    assertThat(withPassphrase.runWithInput(encrypted, "age", "decrypt").ok().stdout()).isEqualTo(plaintext);
  }

  @Test
  void wrongPassphraseFailsWithoutOutput() throws Exception {
    byte[] encrypted = cheapScrypt("right", "secret text");

    var wrong = CliRunner.withEnv(Map.of(CliIo.PASSPHRASE_ENV, "wrong"))
        .runWithInput(encrypted, "age", "decrypt").failsWith(ExitCodes.NO_IDENTITY);

    assertThat(wrong.stdout()).isEmpty();
    assertThat(wrong.stderr()).contains("[scrypt]");
  }

  @Test
  void passphraseFromTheTerminalIsAskedTwiceOnEncryptAndOnceOnDecrypt() throws Exception {
    var answers = new ArrayDeque<>(List.of("s3cret", "s3cret", "s3cret"));
    var prompts = new ArrayDeque<String>();
    var onTerminal = CliRunner.withTerminal(prompt -> {
      prompts.add(prompt);
      return Optional.of(answers.removeFirst().toCharArray());
    });

    byte[] encrypted = onTerminal.runWithInput("typed".getBytes(StandardCharsets.UTF_8),
        "age", "encrypt", "-p", "-a").ok().stdout();
    assertThat(new String(encrypted, StandardCharsets.US_ASCII)).startsWith("-----BEGIN AGE ENCRYPTED FILE-----");
    assertThat(prompts).hasSize(2);
    byte[] decrypted = onTerminal.runWithInput(cheapScrypt("s3cret", "typed"), "age", "decrypt").ok().stdout();

    assertThat(new String(decrypted, StandardCharsets.UTF_8)).isEqualTo("typed");
    assertThat(prompts).hasSize(3);
    assertThat(answers).isEmpty();
  }

  /** A passphrase file with a low scrypt work factor, made by the core, so decrypt tests stay fast. */
  private static byte[] cheapScrypt(String passphrase, String plaintext) throws Exception {
    var recipient = new ScryptRecipient(passphrase.getBytes(StandardCharsets.UTF_8)).withWorkFactor(10);
    return Age.encrypt(plaintext.getBytes(StandardCharsets.UTF_8), List.of(recipient));
  }

  @Test
  void mismatchedTerminalPassphrasesFail() {
    var answers = new ArrayDeque<>(List.of("one", "two"));
    var result = CliRunner.withTerminal(prompt -> Optional.of(answers.removeFirst().toCharArray()))
        .runWithInput(new byte[1], "age", "encrypt", "-p", "-a").failsWith(ExitCodes.FAILURE);
    assertThat(result.stderr()).contains("didn't match");
    assertThat(result.stdout()).isEmpty();
  }

  @Test
  void passphraseWithoutTerminalOrEnvironmentFails() {
    var result = cli.runWithInput(new byte[1], "age", "encrypt", "-p").failsWith(ExitCodes.FAILURE);
    assertThat(result.stderr()).contains(CliIo.PASSPHRASE_ENV);
  }

  @Test
  void binaryOutputToATerminalIsRefused() {
    var result = CliRunner.withTerminal(prompt -> Optional.empty())
        .runWithInput(new byte[1], "age", "encrypt", "-r", recipient).failsWith(ExitCodes.USAGE);
    assertThat(result.stdout()).isEmpty();
  }

  @Test
  void acceptsAgeStyleFlags() {
    byte[] encrypted = cli.runWithInput("dash e".getBytes(StandardCharsets.UTF_8), "age", "-e", "-r", recipient)
        .ok().stdout();
    assertThat(cli.runWithInput(encrypted, "age", "-d", "-i", identity.toString()).ok().stdoutText())
        .isEqualTo("dash e");
  }

  @Test
  void badRecipientFailsOnOneLine() {
    var result = cli.runWithInput(new byte[1], "age", "encrypt", "-r", "age1notarecipient").failsWith(ExitCodes.KEY);
    assertThat(result.stderr()).contains("recipient #1");
    assertThat(result.stdout()).isEmpty();
  }

  @Test
  void passphraseAndRecipientsDoNotMix() {
    CliRunner.withEnv(Map.of(CliIo.PASSPHRASE_ENV, "x"))
        .runWithInput(new byte[1], "age", "encrypt", "-p", "-r", recipient).failsWith(ExitCodes.USAGE);
  }

  @Test
  void missingRecipientsAndUnknownOptionsAreUsageErrors() {
    cli.runWithInput(new byte[1], "age", "encrypt").failsWith(ExitCodes.USAGE);
    cli.run("age", "encrypt", "--no-such-flag").failsWith(ExitCodes.USAGE);
    cli.run("age").failsWith(ExitCodes.USAGE);
    cli.run("frobnicate").failsWith(ExitCodes.USAGE);
  }

  @Test
  void wrongIdentitySaysWhichStanzasAndIdentityTypesWereInvolved() throws Exception {
    byte[] encrypted = cli.runWithInput(new byte[] {1, 2, 3}, "age", "encrypt", "-r", recipient).ok().stdout();
    Path other = dir.resolve("other.txt");
    cli.run("age-keygen", "-o", other.toString()).ok();
    Path file = write("secret.age", encrypted);

    var result = cli.run("age", "decrypt", "-i", other.toString(), file.toString()).failsWith(ExitCodes.NO_IDENTITY);

    assertThat(result.stderr()).contains("secret.age").contains("[X25519]").contains("tried identities of type [X25519]");
    assertThat(result.stdout()).isEmpty();
  }

  @Test
  void decryptWithoutIdentityOfANonPassphraseFileSaysSo() {
    byte[] encrypted = cli.runWithInput(new byte[] {1}, "age", "encrypt", "-r", recipient).ok().stdout();
    var result = cli.runWithInput(encrypted, "age", "decrypt").failsWith(ExitCodes.NO_IDENTITY);
    assertThat(result.stderr()).contains("not passphrase-encrypted").contains("X25519");
  }

  @Test
  void tamperedPayloadToStdoutReleasesExactlyTheAuthenticatedPrefix() {
    byte[] plaintext = randomBytes(5 * CHUNK + 1000, 3);
    byte[] encrypted = cli.runWithInput(plaintext, "age", "encrypt", "-r", recipient).ok().stdout();
    encrypted[encrypted.length - 1] ^= 1; // the final chunk's tag

    var result = cli.runWithInput(encrypted, "age", "decrypt", "-i", identity.toString())
        .failsWith(ExitCodes.PAYLOAD);

    assertThat(result.stdout()).isEqualTo(Arrays.copyOf(plaintext, 5 * CHUNK));
    assertThat(result.stderr()).contains("standard input");
  }

  @Test
  void tamperedMiddleChunkStopsBeforeIt() {
    byte[] plaintext = randomBytes(4 * CHUNK, 4);
    byte[] encrypted = cli.runWithInput(plaintext, "age", "encrypt", "-r", recipient).ok().stdout();
    encrypted[encrypted.length - 2 * (CHUNK + 16) + 5] ^= 0x40; // inside chunk #2 of 0..3

    var result = cli.runWithInput(encrypted, "age", "decrypt", "-i", identity.toString())
        .failsWith(ExitCodes.PAYLOAD);

    assertThat(result.stdout()).isEqualTo(Arrays.copyOf(plaintext, 2 * CHUNK));
  }

  @Test
  void failureWithAnOutputFileLeavesNoFileBehind() throws Exception {
    byte[] encrypted = cli.runWithInput(randomBytes(3 * CHUNK, 5), "age", "encrypt", "-r", recipient).ok().stdout();
    encrypted[encrypted.length - 1] ^= 1;
    Path file = write("damaged.age", encrypted);
    Path out = dir.resolve("out.bin");

    cli.run("age", "decrypt", "-i", identity.toString(), "-o", out.toString(), file.toString())
        .failsWith(ExitCodes.PAYLOAD);

    assertThat(out).doesNotExist();
    assertThat(leftovers()).containsExactlyInAnyOrder("key.txt", "damaged.age");
  }

  @Test
  void failedEncryptionLeavesNoFileBehind() throws Exception {
    Path out = dir.resolve("never.age");

    cli.run("age", "encrypt", "-r", recipient, "-o", out.toString(), dir.resolve("missing").toString())
        .failsWith(ExitCodes.FAILURE);

    assertThat(leftovers()).containsExactly("key.txt");
  }

  @Test
  void damagedHeaderArmorAndMacHaveTheirOwnExitCodes() throws Exception {
    byte[] encrypted = cli.runWithInput(new byte[] {7}, "age", "encrypt", "-r", recipient).ok().stdout();
    String text = new String(encrypted, StandardCharsets.ISO_8859_1);

    byte[] badVersion = text.replace("age-encryption.org/v1", "age-encryption.org/v2")
        .getBytes(StandardCharsets.ISO_8859_1);
    cli.runWithInput(badVersion, "age", "decrypt", "-i", identity.toString()).failsWith(ExitCodes.HEADER);

    int mac = text.indexOf("\n--- ") + 5;
    byte[] badMac = encrypted.clone();
    badMac[mac] = (byte) (badMac[mac] == 'A' ? 'B' : 'A');
    cli.runWithInput(badMac, "age", "decrypt", "-i", identity.toString()).failsWith(ExitCodes.HEADER_MAC);

    byte[] armored = cli.runWithInput(new byte[] {7}, "age", "encrypt", "-a", "-r", recipient).ok().stdout();
    byte[] badArmor = new String(armored, StandardCharsets.US_ASCII).replace("-----END", "-----end")
        .getBytes(StandardCharsets.US_ASCII);
    cli.runWithInput(badArmor, "age", "decrypt", "-i", identity.toString()).failsWith(ExitCodes.ARMOR);
  }

  @Test
  void missingIdentityFileNamesIt() {
    var result = cli.runWithInput(new byte[1], "age", "decrypt", "-i", dir.resolve("nope.txt").toString())
        .failsWith(ExitCodes.FAILURE);
    assertThat(result.stderr()).contains("nope.txt");
  }

  @Test
  void secretsNeverReachStderr() throws Exception {
    String plaintextCanary = "PLAINTEXT-CANARY-" + "x".repeat(100);
    byte[] plaintext = (plaintextCanary + "\n").repeat(2000).getBytes(StandardCharsets.UTF_8);
    byte[] encrypted = cli.runWithInput(plaintext, "age", "encrypt", "-r", recipient).ok().stdout();
    byte[] tampered = encrypted.clone();
    tampered[tampered.length - 1] ^= 1;
    Path other = dir.resolve("other.txt");
    cli.run("age-keygen", "-o", other.toString()).ok();
    String otherSecret = Files.readAllLines(other).get(2);
    char[] damaged = secretKey.toCharArray();
    damaged[30] = damaged[30] == 'Q' ? 'P' : 'Q';
    Path badKeyFile = write("bad-key.txt", ("# bad\n" + new String(damaged) + "\n").getBytes(StandardCharsets.UTF_8));

    List<CliRunner.Result> failures = Stream.of(
        cli.runWithInput(tampered, "age", "decrypt", "-i", identity.toString()),
        cli.runWithInput(encrypted, "age", "decrypt", "-i", other.toString()),
        cli.runWithInput(encrypted, "age", "decrypt", "-i", badKeyFile.toString()),
        cli.runWithInput(plaintext, "age", "encrypt", "-r", secretKey),
        cli.runWithInput(plaintext, "age", "encrypt", "-R", identity.toString()),
        cli.runWithInput(plaintext, "age", "decrypt", "-i", identity.toString()),
        cli.run("age-keygen", "-y", badKeyFile.toString()),
        cli.run("age-keygen", "-o", identity.toString())).toList();

    for (CliRunner.Result failure : failures) {
      assertThat(failure.exitCode()).isNotZero();
      assertThat(failure.stderr()).startsWith("sops4j: error: ").hasLineCount(1)
          .doesNotContain(secretKey).doesNotContain(otherSecret).doesNotContain(new String(damaged))
          .doesNotContain("PLAINTEXT-CANARY").doesNotContain(secretKey.substring(16, 40));
    }
  }

  @Test
  void helpAndVersionSucceed() {
    assertThat(cli.run("--help").ok().stdoutText()).contains("age-keygen").contains("Exit codes");
    assertThat(cli.run("--version").ok().stdoutText()).startsWith("sops4j ");
    assertThat(cli.run("age", "encrypt", "--help").ok().stdoutText()).contains("--recipient").contains("--armor");
  }

  private Path write(String name, byte[] content) throws Exception {
    return Files.write(dir.resolve(name), content);
  }

  private List<String> leftovers() throws Exception {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).toList();
    }
  }

  static byte[] randomBytes(int size, long seed) {
    byte[] bytes = new byte[size];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }
}
