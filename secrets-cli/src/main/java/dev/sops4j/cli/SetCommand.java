package dev.sops4j.cli;

import dev.sops4j.keys.KeyRing;
import dev.sops4j.sops.Sops;
import dev.sops4j.sops.SopsParseException;
import dev.sops4j.sops.SopsPath;
import dev.sops4j.sops.format.Format;
import dev.sops4j.sops.tree.Node;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code sops4j set FILE PATH VALUE}: sets one value of a SOPS file in place, as {@code sops set}
 * does. PATH is sops' index form ({@code ["a"]["b"][0]}), VALUE is JSON; every other value keeps its
 * ciphertext.
 */
@Command(name = "set", mixinStandardHelpOptions = true,
    description = {"Set one value of a SOPS file in place, as sops set does: PATH like [\"a\"][\"b\"][0], "
        + "VALUE as JSON ('\"text\"', 42, true, {\"k\": \"v\"}). Missing keys are added. Only the value's "
        + "line, the MAC and lastmodified change.",
        "Use --value-file or --value-stdin to keep the value out of the process list."})
final class SetCommand implements Callable<Integer> {
  private final CliIo io;

  @Mixin
  KeyOptions keys = new KeyOptions();

  @Option(names = "--input-type", paramLabel = "TYPE",
      description = "yaml, json, dotenv, ini or binary (default: from the file extension).")
  String inputType;

  @Option(names = "--value-file", description = "VALUE names a file holding the JSON value.")
  boolean valueFile;

  @Option(names = "--value-stdin", description = "Read the JSON value from standard input (no VALUE argument).")
  boolean valueStdin;

  @Option(names = "--idempotent", description = "Do nothing if PATH already has this value.")
  boolean idempotent;

  @Parameters(paramLabel = "FILE PATH [VALUE]", arity = "0..3", description = "The file, the path and the value.")
  List<String> arguments = new ArrayList<>();

  SetCommand(CliIo io) {
    this.io = io;
  }

  @Override
  public Integer call() throws IOException {
    if (valueFile && valueStdin) {
      throw new CliException(ExitCodes.FAILURE, "cannot use both --value-file and --value-stdin");
    }
    int expected = valueStdin ? 2 : 3;
    if (arguments.size() != expected) {
      throw new CliException(ExitCodes.SOPS_NO_FILE_SPECIFIED, "need precisely " + expected
          + " arguments: FILE PATH" + (valueStdin ? " (the value comes from standard input)" : " VALUE"));
    }
    Path file = Path.of(arguments.get(0));
    SopsPath path;
    try {
      path = SopsPath.parseExtract(arguments.get(1));
    } catch (IllegalArgumentException e) {
      throw new CliException(ExitCodes.SOPS_INVALID_SET_FORMAT, "invalid set index format: " + e.getMessage());
    }
    if (path.isRoot()) {
      throw new CliException(ExitCodes.SOPS_INVALID_SET_FORMAT, "invalid set index format: the path is empty");
    }
    if (path.steps().get(0).equals("sops")) {
      throw new CliException(ExitCodes.SOPS_FILE_ALREADY_ENCRYPTED, file
          + ": the top-level key 'sops' holds the metadata and cannot be set");
    }
    Node value;
    try {
      value = Sops.parseSetValue(valueText(), "the value");
    } catch (SopsParseException e) {
      throw new CliException(ExitCodes.SOPS_INVALID_SET_FORMAT, e.getMessage(), e);
    }
    Format format = inputType != null ? RotateCommand.format("--input-type", inputType) : Format.fromPath(file);
    byte[] data = Files.readAllBytes(file);
    KeyRing ring = keys.load(io);
    Optional<byte[]> result = idempotent ? Sops.setIfChanged(data, file.toString(), format, ring, path, value)
        : Optional.of(Sops.set(data, file.toString(), format, ring, path, value));
    if (result.isEmpty()) {
      io.err().println("sops4j: file not written: " + path + " already has this value");
      return ExitCodes.OK;
    }
    byte[] updated = result.get();
    InPlaceFile.replace(file, updated);
    return ExitCodes.OK;
  }

  private String valueText() throws IOException {
    if (valueStdin) {
      return new String(io.in().readAllBytes(), StandardCharsets.UTF_8);
    }
    if (valueFile) {
      return Files.readString(Path.of(arguments.get(2)), StandardCharsets.UTF_8);
    }
    return arguments.get(2);
  }
}
