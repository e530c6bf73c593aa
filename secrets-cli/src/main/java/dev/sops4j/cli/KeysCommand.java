package dev.sops4j.cli;

import dev.sops4j.keys.KeyRing;
import dev.sops4j.keys.KeyRingLoader;
import dev.sops4j.keys.KeyRingReport;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
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

  @Mixin
  KeyOptions keys = new KeyOptions();

  @Option(names = "--strict", description = "Exit with code 3 when any source has a problem.")
  boolean strict;

  KeysCommand(CliIo io) {
    this.io = io;
  }

  @Override
  public Integer call() throws Exception {
    Path home = KeyOptions.home(io);
    KeyRing ring = keys.load(io);
    ring.pgpKeys(); // read the PGP sources too, so the report shows them
    KeyRingReport.lines(ring, home).forEach(io.out()::println);
    io.out().flush();
    int problems = ring.problems().size();
    if (strict && problems > 0) {
      throw new CliException(ExitCodes.KEY, problems + (problems == 1 ? " problem" : " problems")
          + " loading keys (listed above)");
    }
    return ExitCodes.OK;
  }
}
