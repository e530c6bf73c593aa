package dev.sops4j.cli;

import dev.sops4j.sops.SopsConfigException;
import dev.sops4j.sops.config.ConfigLookup;
import dev.sops4j.sops.config.SopsConfig;
import java.nio.file.Path;

/** The {@code .sops.yaml} a command uses, found as sops finds it, and the exit codes of config failures. */
final class SopsConfigFiles {
  private SopsConfigFiles() {}

  /**
   * The config: {@code explicit} (--config), else {@code SOPS_CONFIG}, else the nearest
   * {@code .sops.yaml} above {@code file}; null when there is none.
   */
  static SopsConfig load(Path explicit, Path file, CliIo io) throws SopsConfigException {
    String variable = io.env().get(ConfigLookup.ENV_VARIABLE);
    if (explicit == null && variable != null && !variable.isEmpty()) {
      explicit = Path.of(variable);
    }
    if (explicit != null) {
      return SopsConfig.load(explicit);
    }
    ConfigLookup.Result found = ConfigLookup.findFor(file);
    found.warning().ifPresent(w -> io.err().println("sops4j: warning: " + w));
    return found.config().isPresent() ? SopsConfig.load(found.config().get()) : null;
  }

  /** sops' exit code for a config failure. */
  static int exitCode(SopsConfigException e) {
    switch (e.problem()) {
      case NOT_FOUND:
        return ExitCodes.SOPS_CONFIG_FILE_NOT_FOUND;
      case NO_KEYS:
        return ExitCodes.SOPS_NO_ENCRYPTION_KEY_FOUND;
      case CONFLICT:
        return ExitCodes.SOPS_CONFLICTING_PARAMETERS;
      default:
        return ExitCodes.SOPS_ERROR_READING_CONFIG;
    }
  }
}
