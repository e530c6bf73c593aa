package dev.sops4j.cli;

import dev.sops4j.keys.KeyRing;
import dev.sops4j.sops.DecryptOptions;
import dev.sops4j.sops.Sops;
import dev.sops4j.sops.SopsFile;
import dev.sops4j.sops.SopsPath;
import dev.sops4j.sops.format.Format;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code sops4j decrypt}: prints a SOPS file decrypted, as {@code sops decrypt} does. Keys come from
 * the key ring (the key options, then sops' sources); the work is core's {@link Sops#decrypt}.
 */
@Command(name = "decrypt", mixinStandardHelpOptions = true,
    description = {"Decrypt a SOPS file (YAML, JSON, dotenv, INI or binary) and print it, as sops decrypt "
        + "does. The MAC is verified unless --ignore-mac. Keys are found as sops finds them (see "
        + "'sops4j keys'), after the files given with the key options."})
final class DecryptCommand implements Callable<Integer> {
  private final CliIo io;

  @Mixin
  KeyOptions keys = new KeyOptions();

  @Option(names = "--input-type", paramLabel = "TYPE",
      description = "yaml, json, dotenv, ini or binary (default: from the file extension).")
  String inputType;

  @Option(names = "--output-type", paramLabel = "TYPE", description = "Print as this format (default: the input's).")
  String outputType;

  @Option(names = "--extract", paramLabel = "PATH",
      description = "Print only the value at PATH, in sops' form [\"key\"][0]. Strings print without a newline.")
  String extract;

  @Option(names = "--ignore-mac", description = "Print the file even when its MAC is missing or does not match.")
  boolean ignoreMac;

  @Option(names = "--output", paramLabel = "FILE",
      description = "Write to FILE (created with mode 0600, replaced atomically) instead of standard output.")
  Path output;

  @Parameters(paramLabel = "FILE", description = "The SOPS file ('-' reads standard input; then give --input-type).")
  Path file;

  DecryptCommand(CliIo io) {
    this.io = io;
  }

  @Override
  public Integer call() throws IOException {
    SopsPath path = null;
    if (extract != null) {
      try {
        path = SopsPath.parseExtract(extract);
      } catch (IllegalArgumentException e) {
        throw new CliException(ExitCodes.SOPS_INVALID_PATH, "--extract: " + e.getMessage());
      }
    }
    InputSource source = new InputSource(file, io.in());
    Format input = inputType != null ? format("--input-type", inputType)
        : source.isStdin() ? null : Format.fromPath(file);
    if (input == null) {
      throw new CliException(ExitCodes.USAGE, "reading standard input needs --input-type");
    }
    Format out = outputType != null ? format("--output-type", outputType) : input;
    byte[] data;
    try (InputStream in = source.open()) {
      data = in.readAllBytes();
    }
    KeyRing ring = keys.load(io);
    // a missing --key-file or a bad line in a key file is not fatal (another key may open the file), but said
    ring.problems().forEach(p -> io.err().println("sops4j: warning: " + p));
    SopsFile decrypted = Sops.decrypt(data, source.name(), ring,
        new DecryptOptions(input, ignoreMac));
    decrypted.warnings().forEach(w -> io.err().println("sops4j: warning: " + source.name() + ": " + w));
    byte[] text;
    try {
      text = path != null ? decrypted.extract(path, out) : decrypted.emit(out);
    } catch (IllegalArgumentException e) {
      throw new CliException(ExitCodes.FAILURE, "cannot print " + source.name() + " as " + out.id()
          + ": " + e.getMessage());
    }
    try (OutputTarget target = OutputTarget.open(output, io.out())) {
      target.stream().write(text);
      target.commit();
    }
    return ExitCodes.OK;
  }

  private static Format format(String option, String name) {
    try {
      return Format.parse(name);
    } catch (IllegalArgumentException e) {
      throw new CliException(ExitCodes.USAGE, option + ": " + e.getMessage());
    }
  }
}
