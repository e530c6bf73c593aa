package dev.sops4j.sops.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Finds the {@code .sops.yaml} for a file: the first one in the start directory or its parents (at
 * most {@value #MAX_DEPTH} levels), as sops' {@code LookupConfigFile} does. A {@code .sops.yml} is
 * never used; when one is passed on the way, the result carries sops' warning about it.
 *
 * <p>sops starts at its working directory; sops4j's commands start at the directory of the file being
 * encrypted (see docs/encrypting.md), which finds the same config whenever the command is run from
 * inside the project that holds the file.
 */
public final class ConfigLookup {
  /** The only name sops reads. */
  public static final String FILE_NAME = ".sops.yaml";
  /** The name sops warns about and ignores. */
  public static final String ALTERNATE_NAME = ".sops.yml";
  /** The environment variable sops reads for an explicit config path ({@code --config}). */
  public static final String ENV_VARIABLE = "SOPS_CONFIG";
  /** How many directories sops looks at. */
  public static final int MAX_DEPTH = 100;

  private ConfigLookup() {}

  /**
   * The outcome of a search.
   *
   * @param config  the config found, if any
   * @param warning sops' warning about an ignored {@code .sops.yml}, if one was passed
   */
  public record Result(Optional<Path> config, Optional<String> warning) {
  }

  /** Searches {@code startDirectory} and its parents. */
  public static Result find(Path startDirectory) {
    Path dir = startDirectory.toAbsolutePath().normalize();
    Path alternate = null;
    for (int i = 0; i < MAX_DEPTH && dir != null; i++, dir = dir.getParent()) {
      Path candidate = dir.resolve(FILE_NAME);
      if (Files.isRegularFile(candidate)) {
        return new Result(Optional.of(candidate), Optional.ofNullable(alternate).map(a ->
            "ignoring \"" + a + "\" when searching for config file; the config file must be called \""
                + FILE_NAME + "\"; using \"" + candidate + "\" instead"));
      }
      if (alternate == null && Files.isRegularFile(dir.resolve(ALTERNATE_NAME))) {
        alternate = dir.resolve(ALTERNATE_NAME);
      }
    }
    Path ignored = alternate;
    return new Result(Optional.empty(), Optional.ofNullable(ignored).map(a -> "ignoring \"" + a
        + "\" when searching for config file; the config file must be called \"" + FILE_NAME + "\""));
  }

  /** Searches from the directory of {@code file}. */
  public static Result findFor(Path file) {
    Path parent = file.toAbsolutePath().normalize().getParent();
    return find(parent == null ? file.toAbsolutePath() : parent);
  }
}
