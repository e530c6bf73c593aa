package dev.sops4j.cli;

import dev.sops4j.age.AgeKeyException;
import dev.sops4j.age.SshToAge;
import dev.sops4j.ssh.SshPassphraseException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code sops4j ssh-to-age}: converts ssh-ed25519 public keys to {@code age1…} recipients, or
 * ({@code -private-key}) an ssh-ed25519 private key to an {@code AGE-SECRET-KEY-1…} identity, as
 * Mic92's ssh-to-age does. The passphrase of a protected key comes from {@code SSH_TO_AGE_PASSPHRASE}
 * or the terminal, never from an argument.
 */
@Command(name = "ssh-to-age", mixinStandardHelpOptions = true,
    description = {"Convert ssh-ed25519 public keys (authorized_keys, known_hosts or ssh-keyscan lines) "
        + "to age recipients, one line per key, or with -private-key an OpenSSH ed25519 private key "
        + "to an age identity. Other key types are skipped with a note (public) or refused (private).",
        "The passphrase of a protected private key is read from SSH_TO_AGE_PASSPHRASE, else from the terminal."})
final class SshToAgeCommand implements Callable<Integer> {
  private final CliIo io;

  @Option(names = {"-private-key", "--private-key"}, description = "Convert a private key instead of public keys.")
  boolean privateKey;

  @Option(names = {"-i", "--input"}, paramLabel = "FILE", defaultValue = "-",
      description = "Read from FILE (default: standard input).")
  Path input;

  @Option(names = {"-o", "--output"}, paramLabel = "FILE", defaultValue = "-",
      description = "Write to FILE, replaced atomically, mode 0600 (default: standard output).")
  Path output;

  SshToAgeCommand(CliIo io) {
    this.io = io;
  }

  @Override
  public Integer call() throws IOException {
    InputSource source = new InputSource(input, io.in());
    String text;
    try (InputStream in = source.open()) {
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    String result = privateKey ? privateKey(text, source) : publicKeys(text, source);
    try (OutputTarget target = OutputTarget.open(output, io.out())) {
      target.stream().write(result.getBytes(StandardCharsets.UTF_8));
      target.commit();
    }
    return ExitCodes.OK;
  }

  private String privateKey(String text, InputSource source) throws AgeKeyException {
    Passphrases passphrases = new Passphrases(io);
    try {
      return SshToAge.identityString(text, source.name(), () -> passphrases.forSshKey(source.name())) + "\n";
    } catch (AgeKeyException e) {
      if (e.getCause() instanceof SshPassphraseException p && p.reason() == SshPassphraseException.Reason.MISSING) {
        throw new CliException(ExitCodes.KEY, e.getMessage() + " (set " + Passphrases.SSH_TO_AGE_ENV
            + " or run on a terminal)", e);
      }
      throw e;
    }
  }

  private String publicKeys(String text, InputSource source) throws AgeKeyException {
    List<String> recipients = SshToAge.recipientStrings(text, source.name(), note -> io.err().println(note));
    if (recipients.isEmpty()) {
      throw new CliException(ExitCodes.KEY, source.name() + ": no ssh-ed25519 public key found ("
          + SshToAge.ONLY_ED25519 + ")");
    }
    StringBuilder out = new StringBuilder();
    recipients.forEach(r -> out.append(r).append('\n'));
    return out.toString();
  }
}
