package dev.sops4j.cli;

import dev.sops4j.age.Age;
import dev.sops4j.age.AgeException;
import dev.sops4j.age.AgeKeys;
import dev.sops4j.age.Identity;
import dev.sops4j.age.NoIdentityMatchException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Mixin;

/**
 * {@code sops4j age decrypt}: decrypts an age file (binary or armored) with identity files, or with
 * a passphrase when no identity is given. Plaintext reaches the output chunk by chunk as each
 * authenticates.
 */
@Command(name = "decrypt", mixinStandardHelpOptions = true,
    description = "Decrypt INPUT (or standard input), binary or armored, with the given identities.")
final class AgeDecryptCommand implements Callable<Integer> {
  private final CliIo io;

  @Option(names = {"-i", "--identity"}, paramLabel = "PATH",
      description = "An identity file: age keys, an OpenSSH private key, or a passphrase-encrypted "
          + "age identity file. Repeatable. Without -i the file must be passphrase-encrypted.")
  List<Path> identityFiles = new ArrayList<>();

  @Mixin
  FileOptions files = new FileOptions();

  AgeDecryptCommand(CliIo io) {
    this.io = io;
  }

  @Override
  public Integer call() throws IOException {
    Passphrases passphrases = new Passphrases(io);
    List<Identity> identities = new ArrayList<>();
    for (Path file : identityFiles) {
      identities.addAll(AgeKeys.readIdentityFile(file, () -> passphrases.forDecryption(file.toString())));
    }
    InputSource source = files.source(io);
    if (identities.isEmpty()) {
      identities.add(new PassphraseIdentity(passphrases, source.name()));
    }
    try (InputStream in = source.open(); OutputTarget target = OutputTarget.open(files.output, io.out())) {
      try (InputStream plaintext = Age.decrypt(in, identities)) {
        InputSource.copy(plaintext, target.stream());
      } catch (NoIdentityMatchException e) {
        if (identityFiles.isEmpty()) {
          throw new CliException(ExitCodes.NO_IDENTITY, source.name() + ": not passphrase-encrypted (recipient "
              + "stanzas " + e.stanzaTypes() + "): give identities with -i PATH", e);
        }
        throw CliException.at(source.name(), e);
      } catch (AgeException e) {
        throw CliException.at(source.name(), e);
      }
      target.commit();
    }
    return ExitCodes.OK;
  }
}
