package dev.sops4j.keys;

import dev.sops4j.age.AgeKeyException;
import dev.sops4j.age.Identity;
import dev.sops4j.keys.KeySource.Status;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code SOPS_AGE_KEY_CMD}: the command runs through the shell with the loader's environment, its
 * standard output is identity text. Standard error goes to ours; a failing command is reported with
 * its exit code only, never its output (it could hold keys).
 */
final class KeyCommand {
  private KeyCommand() {}

  static KeySource run(Map<String, String> env, String variable, List<Identity> identities) {
    String command = env.get(variable);
    if (command == null || command.isEmpty()) {
      return new KeySource(variable, "environment variable", Status.NOT_SET, List.of(), List.of());
    }
    String where = "command from " + variable;
    byte[] out;
    int exit;
    try {
      ProcessBuilder pb = new ProcessBuilder(shell(command));
      pb.environment().clear();
      pb.environment().putAll(env);
      pb.redirectInput(ProcessBuilder.Redirect.from(nullDevice()));
      pb.redirectError(ProcessBuilder.Redirect.INHERIT);
      Process p = pb.start();
      try (InputStream in = p.getInputStream()) {
        out = in.readNBytes(KeyRingLoader.FILE_SIZE_LIMIT + 1);
        in.transferTo(java.io.OutputStream.nullOutputStream());
      }
      exit = p.waitFor();
    } catch (IOException e) {
      return failed(variable, where, "cannot start the command (" + e.getClass().getSimpleName() + ")");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return failed(variable, where, "interrupted while running the command");
    }
    if (exit != 0) {
      return failed(variable, where, "the command failed with exit code " + exit);
    }
    if (out.length > KeyRingLoader.FILE_SIZE_LIMIT) {
      return failed(variable, where, "the command's output is too long");
    }
    Collected found = new Collected();
    List<KeyProblem> problems = new ArrayList<>();
    try {
      IdentityText.parse(KeyRingLoader.utf8(out, where), where, found, problems);
    } catch (AgeKeyException e) {
      return failed(variable, where, "the command's output is not valid UTF-8");
    }
    identities.addAll(found.identities);
    return new KeySource(variable, where, Status.LOADED, found.found, problems);
  }

  private static List<String> shell(String command) {
    if (windows()) {
      return List.of("cmd.exe", "/c", command);
    }
    return List.of("/bin/sh", "-c", command);
  }

  private static java.io.File nullDevice() {
    return new java.io.File(windows() ? "NUL" : "/dev/null");
  }

  private static boolean windows() {
    return System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");
  }

  private static KeySource failed(String variable, String where, String message) {
    return new KeySource(variable, where, Status.FAILED, List.of(), List.of(new KeyProblem(where, 0, message)));
  }
}
