package dev.sops4j.cli;

import dev.sops4j.keys.KeyRing;
import dev.sops4j.keys.KeyRingLoader;
import dev.sops4j.keys.KeyRingReport;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code sops4j keys}: loads the key ring as every command does (explicit files, then sops' sources in
 * sops' order) and prints what each source gave: identity types and public recipients, or why nothing.
 * Never a secret key. The loading and the text are core's ({@link KeyRingLoader}, {@link KeyRingReport}).
 */
@Command(name = "keys", mixinStandardHelpOptions = true,
    description = {"Show where age and SSH keys are looked for, in sops' order, what each place gave "
        + "(identity types and their public recipients) and every problem. Secret keys are never printed.",
        "Passphrase-protected SSH keys and age identity files are asked for on the terminal; without one "
            + "a default SSH key is skipped."})
final class KeysCommand implements Callable<Integer> {
  private final CliIo io;

  @Option(names = "--key-file", paramLabel = "FILE", description = "An age identity file to load first (repeatable).")
  List<Path> keyFiles = new ArrayList<>();

  @Option(names = "--ssh-key", paramLabel = "FILE", description = "An OpenSSH private key to load first (repeatable).")
  List<Path> sshKeys = new ArrayList<>();

  @Option(names = "--strict", description = "Exit with code 3 when any source has a problem.")
  boolean strict;

  KeysCommand(CliIo io) {
    this.io = io;
  }

  @Override
  public Integer call() throws Exception {
    Path home = home();
    KeyRingLoader loader = KeyRingLoader.of(io.env(), home);
    keyFiles.forEach(loader::keyFile);
    sshKeys.forEach(loader::sshKeyPath);
    Passphrases passphrases = new Passphrases(io);
    KeyRing ring = loader.passphrase(passphrases::typedOrNull).load();
    KeyRingReport.lines(ring, home).forEach(io.out()::println);
    io.out().flush();
    int problems = ring.problems().size();
    if (strict && problems > 0) {
      throw new CliException(ExitCodes.KEY, problems + (problems == 1 ? " problem" : " problems")
          + " loading keys (listed above)");
    }
    return ExitCodes.OK;
  }

  /** The home directory sops would use: {@code HOME} (then {@code USERPROFILE}), else {@code user.home}. */
  private Path home() {
    for (String name : List.of("HOME", "USERPROFILE")) {
      String value = io.env().get(name);
      if (value != null && !value.isEmpty()) {
        return Path.of(value);
      }
    }
    return Path.of(System.getProperty("user.home"));
  }
}
