package dev.sops4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sops4j.testsupport.Peers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI as a real process against the real Go {@code age} / {@code age-keygen}. */
class AgePeerInteropTest {
  @TempDir Path dir;

  private Path age;
  private Path plaintext;

  @BeforeEach
  void peerAndInput() throws IOException {
    age = Peers.executable("age");
    plaintext = Files.write(dir.resolve("plain.bin"), AgeCommandTest.randomBytes(200_000, 42));
  }

  @Test
  void ourEncryptionDecryptsWithAge() throws Exception {
    Path key = dir.resolve("key.txt");
    run(List.of(age.resolveSibling("age-keygen").toString(), "-o", key.toString()));
    String recipient = run(List.of(age.resolveSibling("age-keygen").toString(), "-y", key.toString())).strip();
    Path encrypted = dir.resolve("ours.age");
    Path armored = dir.resolve("ours.age.asc");

    sops4j("age", "encrypt", "-r", recipient, "-o", encrypted.toString(), plaintext.toString());
    sops4j("age", "encrypt", "-a", "-r", recipient, "-o", armored.toString(), plaintext.toString());

    for (Path file : List.of(encrypted, armored)) {
      Path out = dir.resolve(file.getFileName() + ".out");
      run(List.of(age.toString(), "-d", "-i", key.toString(), "-o", out.toString(), file.toString()));
      assertThat(out).hasSameBinaryContentAs(plaintext);
    }
  }

  @Test
  void ageEncryptionDecryptsWithOurs() throws Exception {
    Path key = dir.resolve("key.txt");
    sops4j("age-keygen", "-o", key.toString());
    String recipient = sops4j("age-keygen", "-y", key.toString()).strip();
    Path encrypted = dir.resolve("theirs.age");
    run(List.of(age.toString(), "-e", "-a", "-r", recipient, "-o", encrypted.toString(), plaintext.toString()));
    Path out = dir.resolve("theirs.out");

    sops4j("age", "decrypt", "-i", key.toString(), "-o", out.toString(), encrypted.toString());

    assertThat(out).hasSameBinaryContentAs(plaintext);
  }

  @Test
  void ourKeygenOutputWorksWithAge() throws Exception {
    Path key = dir.resolve("key.txt");
    sops4j("age-keygen", "-o", key.toString());
    String ours = sops4j("age-keygen", "-y", key.toString()).strip();
    String theirs = run(List.of(age.resolveSibling("age-keygen").toString(), "-y", key.toString())).strip();
    assertThat(theirs).isEqualTo(ours);
    Path encrypted = dir.resolve("to-our-key.age");
    run(List.of(age.toString(), "-r", ours, "-o", encrypted.toString(), plaintext.toString()));
    Path out = dir.resolve("to-our-key.out");

    run(List.of(age.toString(), "-d", "-i", key.toString(), "-o", out.toString(), encrypted.toString()));

    assertThat(out).hasSameBinaryContentAs(plaintext);
  }

  @Test
  void openSshKeysWorkBothWays() throws Exception {
    Path sshKeygen = Peers.executable("ssh-keygen");
    Path key = dir.resolve("id_ed25519");
    run(List.of(sshKeygen.toString(), "-q", "-t", "ed25519", "-N", "", "-C", "test", "-f", key.toString()));
    Path publicKey = dir.resolve("id_ed25519.pub");
    Path ours = dir.resolve("ours.age");
    Path theirs = dir.resolve("theirs.age");
    sops4j("age", "encrypt", "-R", publicKey.toString(), "-o", ours.toString(), plaintext.toString());
    run(List.of(age.toString(), "-e", "-R", publicKey.toString(), "-o", theirs.toString(), plaintext.toString()));
    Path byAge = dir.resolve("by-age.out");
    Path byUs = dir.resolve("by-us.out");

    run(List.of(age.toString(), "-d", "-i", key.toString(), "-o", byAge.toString(), ours.toString()));
    sops4j("age", "decrypt", "-i", key.toString(), "-o", byUs.toString(), theirs.toString());

    assertThat(byAge).hasSameBinaryContentAs(plaintext);
    assertThat(byUs).hasSameBinaryContentAs(plaintext);
  }

  @Test
  void failuresOfTheRealProcessAreOneLineAndNonZero() throws Exception {
    Process p = new ProcessBuilder(javaCommand("age", "decrypt", "-i", dir.resolve("missing.txt").toString(),
        plaintext.toString())).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    String stderr = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isEqualTo(ExitCodes.FAILURE);
    assertThat(stderr.lines()).hasSize(1).first().asString().startsWith("sops4j: error: ").contains("missing.txt");
  }

  private String sops4j(String... args) throws Exception {
    return run(javaCommand(args));
  }

  private static List<String> javaCommand(String... args) {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), Main.class.getName()));
    command.addAll(List.of(args));
    return command;
  }

  /** Runs a process to completion; fails the test with its stderr when it exits non-zero. */
  private String run(List<String> command) throws Exception {
    Path err = Files.createTempFile(dir, "stderr", ".txt");
    Process p = new ProcessBuilder(command).redirectError(err.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("finished: %s", command).isTrue();
    assertThat(p.exitValue()).as("exit of %s; stderr: %s", command, Files.readString(err)).isZero();
    return out;
  }
}
