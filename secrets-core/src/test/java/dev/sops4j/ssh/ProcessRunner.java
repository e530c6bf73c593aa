package dev.sops4j.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a peer program with an argument list (no shell) and stdin/stdout through files, and returns its
 * result. Test support shared by the ssh and age interop tests.
 */
public final class ProcessRunner {
  private ProcessRunner() {}

  /** The outcome of one run: exit code, stdout bytes and stderr text. */
  public record Result(int exitCode, byte[] stdout, String stderr) {
    public String stdoutText() {
      return new String(stdout, StandardCharsets.UTF_8);
    }
  }

  /** Runs {@code command} in {@code dir}, stdin from {@code stdin} (or nothing), waiting up to 60 s. */
  public static Result run(Path dir, List<String> command, Path stdin) throws IOException, InterruptedException {
    Path out = Files.createTempFile(dir, "stdout", ".bin");
    Path err = Files.createTempFile(dir, "stderr", ".txt");
    ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile())
        .redirectOutput(out.toFile()).redirectError(err.toFile());
    pb.redirectInput(stdin == null ? ProcessBuilder.Redirect.from(nullDevice()) : ProcessBuilder.Redirect.from(stdin.toFile()));
    Process p = pb.start();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("timed out: " + command);
    }
    Result r = new Result(p.exitValue(), Files.readAllBytes(out), Files.readString(err));
    Files.delete(out);
    Files.delete(err);
    return r;
  }

  /** Runs and asserts exit code 0 (the message shows stderr). */
  public static Result runOk(Path dir, List<String> command, Path stdin) throws IOException, InterruptedException {
    Result r = run(dir, command, stdin);
    assertThat(r.exitCode()).as("exit code of %s, stderr: %s", command, r.stderr()).isZero();
    return r;
  }

  /**
   * Generates an unencrypted key with ssh-keygen ({@code -q -N "" -f dir/name} plus {@code options}, for
   * example {@code "-t", "ed25519"}) and returns the private key path ({@code .pub} beside it).
   */
  public static Path sshKeygen(Path sshKeygen, Path dir, String name, String... options)
      throws IOException, InterruptedException {
    Path key = dir.resolve(name);
    var cmd = new java.util.ArrayList<>(List.of(sshKeygen.toString(), "-q", "-N", "", "-f", key.toString()));
    cmd.addAll(List.of(options));
    runOk(dir, cmd, null);
    return key;
  }

  private static java.io.File nullDevice() {
    return new java.io.File(System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null");
  }
}
