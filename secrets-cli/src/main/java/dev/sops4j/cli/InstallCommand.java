package dev.sops4j.cli;

import dev.sops4j.install.CheckMode;
import dev.sops4j.install.InstallOptions;
import dev.sops4j.install.InstallResult;
import dev.sops4j.install.Installer;
import dev.sops4j.install.Manifest;
import dev.sops4j.install.ManifestReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code sops4j install}: sops-nix's {@code sops-install-secrets}. Reads a manifest (sops-nix's JSON or
 * sops4j's YAML/JSON), and lets core's {@link Installer} validate everything, decrypt each SOPS file
 * once, render the templates, write a new generation and switch the live link atomically. Prints the
 * change report as sops-nix does.
 */
@Command(name = "install", mixinStandardHelpOptions = true,
    description = {"Install the secrets and templates of a manifest (sops-nix's manifest JSON, or sops4j's "
        + "YAML/JSON manifest) into a new generation of the runtime directory and switch the live link to it "
        + "atomically, as sops-nix's sops-install-secrets does. Every problem is reported before anything is "
        + "written; on failure the previous generation stays live."})
final class InstallCommand implements Callable<Integer> {
  /** sops-nix's dry-run signal: {@code NIXOS_ACTION=dry-activate}. */
  static final String NIXOS_ACTION = "NIXOS_ACTION";

  private final CliIo io;

  @Option(names = {"--check-mode", "-check-mode"}, paramLabel = "MODE", defaultValue = "off",
      description = "off (install), manifest (check the manifest only) or sopsfile (also read the SOPS files "
          + "and check the keys named exist; nothing is decrypted).")
  String checkMode;

  @Option(names = "--dry-run", description = "Decrypt, render and report what would change, but switch nothing "
      + "(also when NIXOS_ACTION=dry-activate).")
  boolean dryRun;

  @Option(names = {"--ignore-passwd", "-ignore-passwd"},
      description = "Do not look owners and groups up: files belong to root (uid and gid 0).")
  boolean ignorePasswd;

  @Option(names = "--standard-key-sources",
      description = "Also use sops' key sources (SOPS_AGE_KEY…, ~/.config/sops, ~/.ssh) when the manifest names keys.")
  boolean standardKeySources;

  @Parameters(paramLabel = "MANIFEST", description = "The manifest file.")
  Path manifestFile;

  InstallCommand(CliIo io) {
    this.io = io;
  }

  @Override
  public Integer call() throws IOException {
    CheckMode mode;
    try {
      mode = CheckMode.parse(checkMode);
    } catch (IllegalArgumentException e) {
      throw new CliException(ExitCodes.USAGE, "--check-mode: " + e.getMessage());
    }
    boolean dry = dryRun || "dry-activate".equals(io.env().get(NIXOS_ACTION));
    Manifest manifest = ManifestReader.read(manifestFile);
    InstallOptions options = InstallOptions.defaults()
        .withEnvironment(io.env(), KeyOptions.home(io))
        .withCheckMode(mode)
        .withDryRun(dry)
        .withIgnorePasswd(ignorePasswd || dry)
        .withStandardKeySources(standardKeySources);
    InstallResult result = new Installer(options).install(manifest, manifestFile.toString());
    manifest.warnings().forEach(w -> io.err().println("sops4j: warning: " + w));
    result.warnings().forEach(w -> io.err().println("sops4j: warning: " + w));
    result.lines(manifest.logging()).forEach(io.out()::println);
    io.out().flush();
    return ExitCodes.OK;
  }
}
