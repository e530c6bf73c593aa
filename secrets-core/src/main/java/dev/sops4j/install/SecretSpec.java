package dev.sops4j.install;

import dev.sops4j.sops.SopsPath;
import dev.sops4j.sops.format.Format;
import java.util.ArrayList;
import java.util.List;

/**
 * One secret to install: the value at {@code key} of {@code sopsFile}, written to
 * {@code <generation>/<name>} and reachable as {@code path}. Field names and defaults are sops-nix's
 * ({@code sops.secrets.<name>}); values are kept as written so that the validator can report every
 * problem, and the constructor only fills defaults.
 *
 * @param name         file name under the generation directory; {@code /} makes sub-directories
 * @param key          key in the SOPS file, {@code /} for nesting, {@code ""} for the whole file
 *                     (default: {@code name}); ignored for binary, dotenv and ini
 * @param path         where the secret is visible; {@code null} until a {@link Manifest} fills the
 *                     default {@code <symlinkPath>/<name>} (any other path gets a symlink)
 * @param owner        owner user name, or {@code null} to use {@code uid}
 * @param group        group name, or {@code null} to use {@code gid}
 * @param uid          owner id when {@code owner} is {@code null} (default 0; need not exist)
 * @param gid          group id when {@code group} is {@code null} (default 0; need not exist)
 * @param sopsFile     the encrypted SOPS file
 * @param format       {@code yaml} (default), {@code json}, {@code binary}, {@code dotenv} or {@code ini}
 * @param mode         octal file mode (default {@code "0400"})
 * @param restartUnits units to restart when the secret changes
 * @param reloadUnits  units to reload when the secret changes
 */
public record SecretSpec(String name, String key, String path, String owner, String group, int uid,
    int gid, String sopsFile, String format, String mode, List<String> restartUnits,
    List<String> reloadUnits) {

  /** Fills defaults: key = name, format yaml, mode 0400, no units; an empty path means the default. */
  public SecretSpec {
    name = name == null ? "" : name;
    key = key == null ? name : key;
    path = path == null || path.isEmpty() ? null : path;
    format = format == null || format.isEmpty() ? SecretFormats.DEFAULT : format;
    mode = mode == null ? FileModes.DEFAULT : mode;
    restartUnits = restartUnits == null ? List.of() : List.copyOf(restartUnits);
    reloadUnits = reloadUnits == null ? List.of() : List.copyOf(reloadUnits);
  }

  /** A builder for secret {@code name} with every default. */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  /** A builder holding this secret's values. */
  public Builder toBuilder() {
    return new Builder(name).key(key).path(path).owner(owner).group(group).uid(uid).gid(gid)
        .sopsFile(sopsFile).format(format).mode(mode).restartUnits(restartUnits)
        .reloadUnits(reloadUnits);
  }

  /** This secret with another path. */
  public SecretSpec withPath(String newPath) {
    return new SecretSpec(name, key, newPath, owner, group, uid, gid, sopsFile, format, mode,
        restartUnits, reloadUnits);
  }

  /** The SOPS format (valid after validation). */
  public Format sopsFormat() {
    return SecretFormats.of(format).orElseThrow(() -> new IllegalStateException(
        "secret '" + name + "': format is not valid; validate the manifest first"));
  }

  /** The mode bits (valid after validation). */
  public int modeBits() {
    return FileModes.bits(mode, "secret '" + name + "'");
  }

  /**
   * The key as a path in the decrypted tree: map keys split at {@code /}; the root for {@code ""}.
   * Meaningful only when {@link #usesKey()}.
   */
  public SopsPath keyPath() {
    return SopsPath.parseSlashes(key);
  }

  /** Whether the value is picked by {@link #key()} (yaml and json) rather than being the whole file. */
  public boolean usesKey() {
    return SecretFormats.usesKey(format);
  }

  /** Fluent construction of a {@link SecretSpec}; unset fields take the defaults. */
  public static final class Builder {
    private final String name;
    private String key;
    private String path;
    private String owner;
    private String group;
    private int uid;
    private int gid;
    private String sopsFile;
    private String format;
    private String mode;
    private final List<String> restartUnits = new ArrayList<>();
    private final List<String> reloadUnits = new ArrayList<>();

    private Builder(String name) {
      this.name = name;
    }

    /** The key in the SOPS file ({@code a/b} nested, {@code ""} whole file; default the name). */
    public Builder key(String value) {
      this.key = value;
      return this;
    }

    /** Where the secret is visible (default {@code <symlinkPath>/<name>}). */
    public Builder path(String value) {
      this.path = value;
      return this;
    }

    /** The owner user name. */
    public Builder owner(String value) {
      this.owner = value;
      return this;
    }

    /** The group name. */
    public Builder group(String value) {
      this.group = value;
      return this;
    }

    /** The owner id, used when no owner name is set. */
    public Builder uid(int value) {
      this.uid = value;
      return this;
    }

    /** The group id, used when no group name is set. */
    public Builder gid(int value) {
      this.gid = value;
      return this;
    }

    /** The encrypted SOPS file. */
    public Builder sopsFile(String value) {
      this.sopsFile = value;
      return this;
    }

    /** The format name ({@code yaml}, {@code json}, {@code binary}, {@code dotenv}, {@code ini}). */
    public Builder format(String value) {
      this.format = value;
      return this;
    }

    /** The format. */
    public Builder format(Format value) {
      this.format = value.id();
      return this;
    }

    /** The octal mode such as {@code "0440"}. */
    public Builder mode(String value) {
      this.mode = value;
      return this;
    }

    /** Replaces the units to restart on change. */
    public Builder restartUnits(List<String> units) {
      restartUnits.clear();
      restartUnits.addAll(units);
      return this;
    }

    /** Replaces the units to reload on change. */
    public Builder reloadUnits(List<String> units) {
      reloadUnits.clear();
      reloadUnits.addAll(units);
      return this;
    }

    /** Adds a unit to restart on change. */
    public Builder restartUnit(String unit) {
      restartUnits.add(unit);
      return this;
    }

    /** Adds a unit to reload on change. */
    public Builder reloadUnit(String unit) {
      reloadUnits.add(unit);
      return this;
    }

    /** The secret. */
    public SecretSpec build() {
      return new SecretSpec(name, key, path, owner, group, uid, gid, sopsFile, format, mode,
          restartUnits, reloadUnits);
    }
  }
}
