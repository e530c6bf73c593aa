package dev.sops4j.cli;

import dev.sops4j.age.Age;
import dev.sops4j.age.AgeKeys;
import dev.sops4j.age.Recipient;
import dev.sops4j.age.ScryptRecipient;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Mixin;

/** {@code sops4j age encrypt}: encrypts a file or standard input to recipients or a passphrase. */
@Command(name = "encrypt", mixinStandardHelpOptions = true,
    description = "Encrypt INPUT (or standard input) to the given recipients, or with a passphrase (-p).")
final class AgeEncryptCommand implements Callable<Integer> {
  private final CliIo io;

  @Option(names = {"-r", "--recipient"}, paramLabel = "RECIPIENT",
      description = "Encrypt to RECIPIENT (age1..., age1pq1..., ssh-ed25519 ..., ssh-rsa ...). Repeatable.")
  List<String> recipients = new ArrayList<>();

  @Option(names = {"-R", "--recipients-file"}, paramLabel = "PATH",
      description = "Encrypt to the recipients listed in PATH, one per line. Repeatable.")
  List<Path> recipientsFiles = new ArrayList<>();

  @Option(names = {"-p", "--passphrase"},
      description = "Encrypt with a passphrase (terminal, or $" + CliIo.PASSPHRASE_ENV + " without one).")
  boolean passphrase;

  @Option(names = {"-a", "--armor"}, description = "Write ASCII armor (PEM) instead of binary.")
  boolean armor;

  @Mixin
  FileOptions files = new FileOptions();

  AgeEncryptCommand(CliIo io) {
    this.io = io;
  }

  @Override
  public Integer call() throws IOException {
    List<Recipient> to = recipients();
    if (OutputTarget.isStdout(files.output) && !armor && io.terminal().interactive()) {
      throw new CliException(ExitCodes.USAGE,
          "refusing to write binary output to the terminal: use -a (armor) or -o FILE");
    }
    InputSource source = files.source(io);
    try (InputStream in = source.open(); OutputTarget target = OutputTarget.open(files.output, io.out())) {
      OutputStream encrypted = Age.encrypt(target.stream(), to, armor);
      InputSource.copy(in, encrypted);
      encrypted.close();
      target.commit();
    }
    return ExitCodes.OK;
  }

  private List<Recipient> recipients() throws IOException {
    if (passphrase) {
      if (!recipients.isEmpty() || !recipientsFiles.isEmpty()) {
        throw new CliException(ExitCodes.USAGE, "-p/--passphrase can't be combined with -r or -R");
      }
      byte[] secret = Passphrases.utf8(new Passphrases(io).forEncryption());
      try {
        return List.of(new ScryptRecipient(secret));
      } finally {
        Arrays.fill(secret, (byte) 0);
      }
    }
    if (recipients.isEmpty() && recipientsFiles.isEmpty()) {
      throw new CliException(ExitCodes.USAGE, "missing recipients: give -r RECIPIENT, -R PATH or -p");
    }
    List<Recipient> all = new ArrayList<>();
    for (int i = 0; i < recipients.size(); i++) {
      try {
        all.add(AgeKeys.parseRecipient(recipients.get(i)));
      } catch (IOException e) {
        throw CliException.at("recipient #" + (i + 1) + " (-r)", e);
      }
    }
    for (Path file : recipientsFiles) {
      all.addAll(AgeKeys.readRecipientsFile(file));
    }
    return all;
  }
}
