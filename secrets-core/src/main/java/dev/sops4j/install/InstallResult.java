package dev.sops4j.install;

import java.nio.file.Path;
import java.util.List;

/**
 * What an install did. After a check mode run only {@link #checkMode()} and {@link #warnings()} carry
 * information (no generation, {@code generation} 0 and {@code directory} {@code null}).
 *
 * @param checkMode     the mode the run used
 * @param generation    the number of the generation written (also in a dry run, where it was removed again)
 * @param directory     its directory {@code <secretsMountPoint>/<N>}
 * @param switched      whether the live link now points to it (false in a dry run and check modes)
 * @param changes       secrets and templates added, modified and removed compared with the previous live
 *                      generation, by content
 * @param restartUnits  units to restart: those of every added or modified secret and template, in manifest
 *                      order, each once; empty on the first install (nothing ran with old secrets)
 * @param reloadUnits   units to reload, collected the same way
 * @param links         the {@code path} symbolic links created or replaced (none in a dry run)
 * @param keyImports    the keys used, in public terms ({@code imported <file> as age key with recipient
 *                      age1…}), as sops-nix logs its key imports; empty when the options gave the ring
 * @param warnings      remarks: reading the manifest, key sources, a mount point not on tmpfs or ramfs
 */
public record InstallResult(CheckMode checkMode, int generation, Path directory, boolean switched,
    ChangeReport changes, List<String> restartUnits, List<String> reloadUnits, List<Path> links,
    List<String> keyImports, List<String> warnings) {

  public InstallResult {
    restartUnits = List.copyOf(restartUnits);
    reloadUnits = List.copyOf(reloadUnits);
    links = List.copyOf(links);
    keyImports = List.copyOf(keyImports);
    warnings = List.copyOf(warnings);
  }

  /** The result of a check mode run that found nothing wrong. */
  static InstallResult checked(CheckMode mode, List<String> warnings) {
    return new InstallResult(mode, 0, null, false, new ChangeReport(List.of(), false), List.of(), List.of(),
        List.of(), List.of(), warnings);
  }

  /**
   * The lines to print: the keys used (when {@code logging.keyImport()}), the change report as sops-nix
   * prints it (when {@code logging.secretChanges()}), then {@code would restart X} / {@code would reload
   * X} in a dry run.
   */
  public List<String> lines(Logging logging) {
    List<String> out = new java.util.ArrayList<>();
    if (logging.keyImport()) {
      out.addAll(keyImports);
    }
    if (logging.secretChanges()) {
      out.addAll(changes.lines());
    }
    if (changes.dryRun()) {
      restartUnits.forEach(u -> out.add("would restart " + u));
      reloadUnits.forEach(u -> out.add("would reload " + u));
    }
    return out;
  }
}
