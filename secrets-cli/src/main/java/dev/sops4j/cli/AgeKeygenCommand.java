package dev.sops4j.cli;

import dev.sops4j.age.AgeKeys;
import dev.sops4j.age.Identity;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code sops4j age-keygen}: writes a new identity file as age-keygen does, or ({@code -y}) prints
 * the recipients of an identity file.
 */
@Command(name = "age-keygen", mixinStandardHelpOptions = true,
    description = {"Generate a new age identity file (to OUTPUT, or standard output), "
        + "or with -y print the recipients of the identity file INPUT (or standard input)."})
final class AgeKeygenCommand implements Callable<Integer> {
  private final CliIo io;

  @Option(names = {"-o", "--output"}, paramLabel = "OUTPUT",
      description = "Write the identity file to OUTPUT, created with mode 0600; an existing file is never overwritten.")
  Path output;

  @Option(names = "--pq", description = "Generate a post-quantum (ML-KEM-768 + X25519) identity.")
  boolean postQuantum;

  @Option(names = "-y", description = "Print the recipient of each identity in INPUT instead of generating.")
  boolean convert;

  @Parameters(arity = "0..1", paramLabel = "INPUT", description = "With -y: the identity file (default: standard input).")
  Path input;

  AgeKeygenCommand(CliIo io) {
    this.io = io;
  }

  @Override
  public Integer call() throws IOException {
    if (convert) {
      printRecipients();
    } else {
      if (input != null) {
        throw new CliException(ExitCodes.USAGE, "INPUT is only used with -y");
      }
      generate();
    }
    return ExitCodes.OK;
  }

  private void generate() throws IOException {
    AgeKeys.GeneratedIdentity generated = AgeKeys.generate(postQuantum, Instant.now());
    String publicKey = generated.publicKey();
    byte[] text = generated.fileText().getBytes(StandardCharsets.UTF_8);
    if (output == null || output.toString().equals("-")) {
      io.out().write(text);
      io.out().flush();
    } else {
      try (OutputStream file = Channels.newOutputStream(Files.newByteChannel(output,
          Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), OutputTarget.ownerOnly()))) {
        file.write(text);
      }
    }
    io.err().println("Public key: " + publicKey);
  }

  private void printRecipients() throws IOException {
    List<Identity> identities;
    InputSource source = new InputSource(input, io.in());
    if (source.isStdin()) {
      String text;
      try (InputStream in = source.open()) {
        text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      identities = AgeKeys.parseIdentities(text, source.name());
    } else {
      identities = AgeKeys.readIdentityFile(input, () -> new Passphrases(io).forDecryption(input.toString()));
    }
    for (Identity identity : identities) {
      io.out().println(AgeKeys.recipientOf(identity));
    }
    io.out().flush();
  }
}
