package dev.sops4j.cli;

import dev.sops4j.sops.EncryptOptions;
import dev.sops4j.sops.Sops;
import dev.sops4j.sops.UpdateKeysChanges;
import dev.sops4j.sops.UpdateKeysResult;
import dev.sops4j.sops.format.Format;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code sops4j updatekeys}: re-wraps a file's data key for the master keys it should have, as
 * {@code sops updatekeys} does. Prints sops' summary of kept, added and removed keys, asks for
 * confirmation on a terminal unless {@code -y}, and writes the file in place; every value, the MAC and
 * {@code lastmodified} stay as they were.
 */
@Command(name = "updatekeys", mixinStandardHelpOptions = true,
    description = {"Update the master keys of SOPS files, as sops updatekeys does: the same data key is "
        + "encrypted to the recipients given with --age/--pgp, the values are not touched. Asks before "
        + "writing unless -y; without a terminal -y is required."})
final class UpdateKeysCommand implements Callable<Integer> {
  private final CliIo io;

  @Mixin
  KeyOptions keys = new KeyOptions();

  @Mixin
  UpdateKeysTargets targets = new UpdateKeysTargets();

  @Option(names = {"-y", "--yes"}, description = "Apply the changes without asking.")
  boolean yes;

  @Option(names = "--input-type", paramLabel = "TYPE",
      description = "yaml, json, dotenv, ini or binary (default: from the file extension).")
  String inputType;

  @Parameters(paramLabel = "FILE", arity = "0..*", description = "The SOPS files to update.")
  List<Path> files = new ArrayList<>();

  UpdateKeysCommand(CliIo io) {
    this.io = io;
  }

  @Override
  public Integer call() throws IOException {
    if (files.isEmpty()) {
      throw new CliException(ExitCodes.SOPS_NO_FILE_SPECIFIED, "no file specified");
    }
    if (files.size() == 1) {
      update(files.get(0));
      return ExitCodes.OK;
    }
    int failed = 0;
    for (Path file : files) {
      try {
        update(file);
      } catch (IOException | RuntimeException e) {
        failed++;
        io.err().println(Failures.PREFIX + Failures.message(e));
      }
    }
    if (failed > 0) {
      throw new CliException(ExitCodes.FAILURE, "failed updating " + failed + " of " + files.size() + " files");
    }
    return ExitCodes.OK;
  }

  private void update(Path file) throws IOException {
    if (Files.isDirectory(file)) {
      throw new CliException(ExitCodes.FAILURE, file + ": can't operate on a directory");
    }
    Format format = inputType != null ? RotateCommand.format("--input-type", inputType) : Format.fromPath(file);
    byte[] data = Files.readAllBytes(file);
    EncryptOptions wanted = targets.keyGroups(file, io, keys);
    io.err().println("sops4j: syncing keys for file " + file);
    UpdateKeysChanges changes = Sops.updateKeysPlan(data, file.toString(), format, wanted);
    if (!changes.changed()) {
      io.err().println("sops4j: file " + file + " already up to date");
      return;
    }
    io.out().print(changes.summary());
    io.out().flush();
    if (!yes && !confirmed(file)) {
      io.err().println("sops4j: file " + file + " left unchanged");
      return;
    }
    UpdateKeysResult result = Sops.updateKeys(data, file.toString(), format, keys.load(io), wanted);
    InPlaceFile.replace(file, result.file());
    io.err().println("sops4j: file " + file + " synced with new keys");
  }

  /** Asks {@code Is this okay? (y/n):} until the answer is y or n, as sops does. */
  private boolean confirmed(Path file) throws IOException {
    if (!io.terminal().interactive()) {
      throw new CliException(ExitCodes.USAGE, file + ": updatekeys asks for confirmation and there is no "
          + "terminal: pass -y to apply the changes without asking");
    }
    while (true) {
      io.out().print("Is this okay? (y/n):");
      io.out().flush();
      String answer = readLine(io.in());
      if (answer == null) {
        throw new CliException(ExitCodes.FAILURE, file + ": no answer to the confirmation; file left unchanged");
      }
      if (answer.strip().equals("y")) {
        return true;
      }
      if (answer.strip().equals("n")) {
        return false;
      }
    }
  }

  /** One line of input without reading past it; null at the end of input. */
  private static String readLine(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int b;
    while ((b = in.read()) != -1 && b != '\n') {
      line.write(b);
    }
    if (b == -1 && line.size() == 0) {
      return null;
    }
    return line.toString(StandardCharsets.UTF_8);
  }
}
