package dev.sops4j.install;

import dev.sops4j.keys.KeyRing;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * How {@link Installer} runs. Everything the engine reads from the machine besides the manifest's own
 * files is an input here, so that tests and embedders can pass their own.
 *
 * @param checkMode          {@link CheckMode#OFF} installs; the other modes only check
 * @param dryRun             do everything but switch the live link and create {@code path} links; no
 *                           generation is left behind (sops-nix {@code NIXOS_ACTION=dry-activate})
 * @param ignorePasswd       owners and groups are not looked up; every file belongs to 0:0
 *                           (sops-nix {@code -ignore-passwd})
 * @param keyRing            the keys to decrypt with, or {@code null} to build them from the manifest's
 *                           key fields, {@code env} and {@code home}
 * @param standardKeySources whether a ring built from a manifest that names keys ({@code ageKeyFile},
 *                           {@code ageSshKeyPaths}, {@code gnupgHome}) also looks at the standard places
 *                           ({@code SOPS_AGE_KEY*}, {@code ~/.config/sops/age/keys.txt}, {@code ~/.ssh},
 *                           {@code GNUPGHOME}, {@code ~/.gnupg}); a manifest naming no key always uses them
 * @param env                the environment: {@code XDG_RUNTIME_DIR} (user mode) and the key variables
 * @param home               the home directory for the standard key places
 * @param accounts           users and groups, or {@code null} to read {@code /etc/passwd} and
 *                           {@code /etc/group} when needed
 * @param mountInfo          the mount table read to warn when the mount point is not on tmpfs or ramfs
 *                           (normally {@code /proc/self/mountinfo}); {@code null} for no check
 */
public record InstallOptions(CheckMode checkMode, boolean dryRun, boolean ignorePasswd, KeyRing keyRing,
    boolean standardKeySources, Map<String, String> env, Path home, SystemAccounts accounts, Path mountInfo) {

  /** The mount table of this process on Linux. */
  public static final Path PROC_MOUNTINFO = Path.of("/proc/self/mountinfo");

  public InstallOptions {
    Objects.requireNonNull(checkMode, "checkMode");
    env = Map.copyOf(Objects.requireNonNull(env, "env"));
    Objects.requireNonNull(home, "home");
  }

  /** Install for real, keys from the manifest, this process's environment and home, the system's accounts. */
  public static InstallOptions defaults() {
    return new InstallOptions(CheckMode.OFF, false, false, null, false, System.getenv(),
        Path.of(System.getProperty("user.home")), null, PROC_MOUNTINFO);
  }

  /** These options with another check mode. */
  public InstallOptions withCheckMode(CheckMode mode) {
    return new InstallOptions(mode, dryRun, ignorePasswd, keyRing, standardKeySources, env, home, accounts,
        mountInfo);
  }

  /** These options with dry run on or off. */
  public InstallOptions withDryRun(boolean value) {
    return new InstallOptions(checkMode, value, ignorePasswd, keyRing, standardKeySources, env, home, accounts,
        mountInfo);
  }

  /** These options with {@code -ignore-passwd} on or off. */
  public InstallOptions withIgnorePasswd(boolean value) {
    return new InstallOptions(checkMode, dryRun, value, keyRing, standardKeySources, env, home, accounts,
        mountInfo);
  }

  /** These options decrypting with {@code ring} instead of the manifest's keys. */
  public InstallOptions withKeyRing(KeyRing ring) {
    return new InstallOptions(checkMode, dryRun, ignorePasswd, ring, standardKeySources, env, home, accounts,
        mountInfo);
  }

  /** These options with the standard key places looked at even when the manifest names keys. */
  public InstallOptions withStandardKeySources(boolean value) {
    return new InstallOptions(checkMode, dryRun, ignorePasswd, keyRing, value, env, home, accounts, mountInfo);
  }

  /** These options with another environment and home directory. */
  public InstallOptions withEnvironment(Map<String, String> newEnv, Path newHome) {
    return new InstallOptions(checkMode, dryRun, ignorePasswd, keyRing, standardKeySources, newEnv, newHome,
        accounts, mountInfo);
  }

  /** These options resolving owners and groups in {@code value}. */
  public InstallOptions withAccounts(SystemAccounts value) {
    return new InstallOptions(checkMode, dryRun, ignorePasswd, keyRing, standardKeySources, env, home, value,
        mountInfo);
  }

  /** These options reading the mount table from {@code file} ({@code null}: no tmpfs check). */
  public InstallOptions withMountInfo(Path file) {
    return new InstallOptions(checkMode, dryRun, ignorePasswd, keyRing, standardKeySources, env, home, accounts,
        file);
  }

  @Override
  public String toString() {
    return "InstallOptions[checkMode=" + checkMode.id() + ", dryRun=" + dryRun + ", ignorePasswd=" + ignorePasswd
        + ", keyRing=" + (keyRing == null ? "from manifest" : "given") + ", standardKeySources="
        + standardKeySources + ", home=" + home + "]";
  }
}
