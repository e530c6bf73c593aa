package dev.sops4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills {@code sops4j install} with SIGKILL at random moments, many times, and checks after every kill
 * that the live link points to a complete generation (every secret and the template, with a content
 * some finished install wrote), and that the next run recovers.
 */
class InstallCrashTest {
  private static final int SECRETS = 150;
  private static final int RUNS = Integer.getInteger("sops4j.crashRuns", 16);

  @TempDir Path dir;

  private String manifest(String variant) {
    StringBuilder sb = new StringBuilder(InstallCommandTest.manifest(dir, variant));
    int secretsAt = sb.indexOf("secrets:\n") + "secrets:\n".length();
    StringBuilder extra = new StringBuilder();
    for (int i = 0; i < SECRETS; i++) {
      extra.append("  bulk/s").append(i).append(":\n    sopsFile: ")
          .append(InstallCommandTest.assets().resolve("secrets.yaml")).append("\n    key: test_key\n");
    }
    sb.insert(secretsAt, extra);
    return sb.toString();
  }

  private Process start(Path manifest) throws Exception {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), Main.class.getName(), "install", manifest.toString()));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    builder.environment().put("HOME", dir.resolve("home").toString());
    builder.environment().put("XDG_RUNTIME_DIR", dir.toString());
    return builder.start();
  }

  /** The live generation is complete: every file there, with a content a finished install writes. */
  private void assertLiveGenerationComplete(String context) throws Exception {
    Path live = dir.resolve("secrets");
    if (!Files.exists(live, LinkOption.NOFOLLOW_LINKS)) {
      return; // no install has finished yet
    }
    assertThat(Files.isSymbolicLink(live)).as(context).isTrue();
    Path generation = live.toRealPath();
    assertThat(generation.getParent()).as(context).isEqualTo(dir.resolve("secrets.d").toRealPath());
    assertThat(Files.readString(live.resolve("test_key"))).as(context).isEqualTo("test_value");
    assertThat(Files.readString(live.resolve("deep/file"))).as(context).isEqualTo("another value");
    for (int i = 0; i < SECRETS; i++) {
      assertThat(Files.readString(live.resolve("bulk/s" + i))).as(context).isEqualTo("test_value");
    }
    assertThat(Files.readString(live.resolve("rendered/app.conf"))).as(context)
        .isIn("a=test_value\n", "b=test_value\n");
  }

  /** Generation directories that are not the live one and not older than it: a killed run's. */
  private int partialGenerations() throws Exception {
    Path live = dir.resolve("secrets");
    int liveNumber = Files.isSymbolicLink(live) ? Integer.parseInt(live.toRealPath().getFileName().toString()) : 0;
    if (!Files.isDirectory(dir.resolve("secrets.d"))) {
      return 0;
    }
    try (var entries = Files.list(dir.resolve("secrets.d"))) {
      return (int) entries.map(e -> e.getFileName().toString()).filter(n -> n.matches("[0-9]+"))
          .filter(n -> Integer.parseInt(n) > liveNumber).count();
    }
  }

  @Test
  void aKilledInstallNeverLeavesAHalfGenerationLive() throws Exception {
    long seed = System.nanoTime();
    Random random = new Random(seed);
    Path manifestA = dir.resolve("a.yaml");
    Path manifestB = dir.resolve("b.yaml");
    Files.writeString(manifestA, manifest("a"));
    Files.writeString(manifestB, manifest("b"));
    int completed = 0;
    int midWrite = 0;
    for (int run = 0; run < RUNS; run++) {
      Process p = start(run % 2 == 0 ? manifestA : manifestB);
      long delay = 200 + random.nextInt(1800);
      boolean finished = p.waitFor(delay, TimeUnit.MILLISECONDS);
      if (!finished) {
        p.destroyForcibly(); // SIGKILL on Linux
        p.waitFor(30, TimeUnit.SECONDS);
        midWrite += partialGenerations();
      } else {
        completed++;
      }
      assertLiveGenerationComplete("seed " + seed + ", run " + run + ", killed after " + delay + " ms: "
          + !finished);
    }
    System.out.println("InstallCrashTest: seed " + seed + ", " + RUNS + " runs, " + completed + " completed, "
        + midWrite + " killed while a generation was being written");
    Process last = start(manifestB);
    assertThat(last.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(last.exitValue()).as("the run after the kills").isZero();
    assertLiveGenerationComplete("after the final run (seed " + seed + ", " + completed + " runs completed)");
    assertThat(Files.readString(dir.resolve("secrets/rendered/app.conf"))).isEqualTo("b=test_value\n");
    try (var entries = Files.list(dir)) {
      assertThat(entries.map(e -> e.getFileName().toString()).filter(n -> n.startsWith(".sops4j-switch-")))
          .as("temporary links left by killed runs are cleaned").isEmpty();
    }
    assertThat(partialGenerations()).as("half-written generations left by killed runs are cleaned").isZero();
  }
}
