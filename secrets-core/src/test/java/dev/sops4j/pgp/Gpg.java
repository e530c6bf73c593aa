package dev.sops4j.pgp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sops4j.testsupport.Peers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The real {@code gpg} in a private GNUPGHOME: batch mode, loopback pinentry, never the user's home.
 * {@link #close()} stops the agent this home started.
 */
final class Gpg implements AutoCloseable {
  /** One run's exit code, stdout and stderr. */
  record Result(int exitCode, byte[] stdout, String stderr) {
    String text() {
      return new String(stdout, StandardCharsets.UTF_8);
    }
  }

  private final Path gpg;
  private final Path home;
  private final Path work;

  Gpg(Path dir) throws IOException {
    this(dir, "gnupg");
  }

  /** A home {@code dir/name} whose {@code gpg-agent.conf} holds {@code agentOptions}, one a line. */
  Gpg(Path dir, String name, String... agentOptions) throws IOException {
    this.gpg = Peers.executable("gpg");
    this.home = Files.createDirectories(dir.resolve(name));
    this.work = Files.createDirectories(dir.resolve(name + "-work"));
    Files.setPosixFilePermissions(home, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
    if (agentOptions.length > 0) {
      Files.writeString(home.resolve("gpg-agent.conf"), String.join("\n", agentOptions) + "\n");
    }
  }

  Path home() {
    return home;
  }

  /** Runs gpg with {@code --batch --pinentry-mode loopback --passphrase PASS} and {@code args}. */
  Result run(String passphrase, byte[] stdin, String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of(gpg.toString(), "--batch", "--no-tty", "--pinentry-mode", "loopback",
        "--passphrase", passphrase));
    cmd.addAll(List.of(args));
    return exec(cmd, stdin);
  }

  Result ok(String passphrase, byte[] stdin, String... args) throws IOException, InterruptedException {
    Result r = run(passphrase, stdin, args);
    assertThat(r.exitCode()).as("gpg %s: %s", List.of(args), r.stderr()).isZero();
    return r;
  }

  /** Generates a key ({@code primaryAlgo} cert,sign plus an encryption subkey) and returns its fingerprint. */
  String generate(String uid, String primaryAlgo, String subkeyAlgo, String passphrase)
      throws IOException, InterruptedException {
    ok(passphrase, null, "--quick-gen-key", uid, primaryAlgo, "cert,sign", "never");
    String fp = fingerprint(uid);
    ok(passphrase, null, "--quick-add-key", fp, subkeyAlgo, "encr", "never");
    return fp;
  }

  String fingerprint(String uid) throws IOException, InterruptedException {
    for (String line : ok("", null, "--with-colons", "--list-keys", uid).text().split("\n")) {
      if (line.startsWith("fpr:")) {
        return line.split(":")[9];
      }
    }
    throw new AssertionError("no fingerprint for " + uid);
  }

  @Override
  public void close() throws IOException, InterruptedException {
    Path gpgconf = gpg.resolveSibling("gpgconf");
    if (Files.isExecutable(gpgconf)) {
      exec(List.of(gpgconf.toString(), "--kill", "gpg-agent"), null);
    }
  }

  private Result exec(List<String> cmd, byte[] stdin) throws IOException, InterruptedException {
    Path in = Files.createTempFile(work, "in", ".bin");
    Path out = Files.createTempFile(work, "out", ".bin");
    Path err = Files.createTempFile(work, "err", ".txt");
    Files.write(in, stdin == null ? new byte[0] : stdin);
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(work.toFile())
        .redirectInput(in.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile());
    pb.environment().put("GNUPGHOME", home.toString());
    pb.environment().remove("GPG_AGENT_INFO");
    Process p = pb.start();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("timed out: " + cmd);
    }
    Result r = new Result(p.exitValue(), Files.readAllBytes(out), Files.readString(err));
    Files.delete(in);
    Files.delete(out);
    Files.delete(err);
    return r;
  }
}
