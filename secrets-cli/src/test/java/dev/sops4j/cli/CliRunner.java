package dev.sops4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Runs the CLI in-process with captured streams, a fake environment and a fake (or no) terminal. */
final class CliRunner {
  private final Map<String, String> env;
  private final Terminal terminal;

  private CliRunner(Map<String, String> env, Terminal terminal) {
    this.env = env;
    this.terminal = terminal;
  }

  static CliRunner plain() {
    return new CliRunner(Map.of(), Terminal.NONE);
  }

  static CliRunner withEnv(Map<String, String> env) {
    return new CliRunner(env, Terminal.NONE);
  }

  static CliRunner withTerminal(Terminal terminal) {
    return new CliRunner(Map.of(), terminal);
  }

  static CliRunner with(Map<String, String> env, Terminal terminal) {
    return new CliRunner(env, terminal);
  }

  Result run(String... args) {
    return runWithInput(new byte[0], args);
  }

  Result runWithInput(byte[] stdin, String... args) {
    var out = new ByteArrayOutputStream();
    var err = new ByteArrayOutputStream();
    int code = Main.run(args, new ByteArrayInputStream(stdin), new PrintStream(out, true),
        new PrintStream(err, true, StandardCharsets.UTF_8), env, terminal);
    return new Result(code, out.toByteArray(), err.toString(StandardCharsets.UTF_8));
  }

  /** Exit code and captured output of one run. */
  record Result(int exitCode, byte[] stdout, String stderr) {
    String stdoutText() {
      return new String(stdout, StandardCharsets.UTF_8);
    }

    /** Asserts success and returns this. */
    Result ok() {
      assertThat(exitCode).as("exit code; stderr: %s", stderr).isZero();
      return this;
    }

    /** Asserts a failure with the given exit code and exactly one error line on stderr. */
    Result failsWith(int expectedCode) {
      assertThat(exitCode).as("exit code; stderr: %s", stderr).isEqualTo(expectedCode);
      assertThat(stderr.lines()).as("stderr").hasSize(1);
      assertThat(stderr).startsWith("sops4j: error: ").doesNotContain("\tat ").doesNotContain("Exception");
      return this;
    }
  }
}
