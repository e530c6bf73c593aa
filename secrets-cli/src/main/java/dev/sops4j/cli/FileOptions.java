package dev.sops4j.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The input file and {@code -o} output options that {@code encrypt} and {@code decrypt} share (a picocli mixin). */
final class FileOptions {

  @Option(names = {"-o", "--output"}, paramLabel = "OUTPUT",
      description = "Write to OUTPUT instead of standard output; a regular file appears only on success (mode 0600).")
  Path output;

  @Parameters(arity = "0..1", paramLabel = "INPUT", description = "The input file (default or '-': standard input).")
  Path input;

  InputSource source(CliIo io) {
    return new InputSource(input, io.in());
  }
}
