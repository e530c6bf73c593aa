package dev.sops4j.maven;

import dev.sops4j.install.SecretSpec;
import java.io.File;
import java.util.ArrayList;
import java.util.List;

/**
 * One {@code <secret>} of the {@code materialize} and {@code check} goals, sops-nix's
 * {@code sops.secrets.<name>}: which value of which SOPS file becomes which file. Only names, paths and
 * file modes: never a value. Unset fields take the goal's defaults ({@code defaultSopsFile},
 * {@code defaultSopsFormat}) and then the install engine's ({@code key} = the name, mode {@code 0400}).
 */
public class SecretConfig {
  private String name;
  private String key;
  private File sopsFile;
  private String format;
  private String mode;
  private String owner;
  private String group;
  private Integer uid;
  private Integer gid;
  private File path;
  private List<String> restartUnits = new ArrayList<>();

  /** The file name under the generation ({@code /} makes sub-directories). */
  public void setName(String name) {
    this.name = name;
  }

  /** The key in the SOPS file, {@code /} for nesting; the name when unset. */
  public void setKey(String key) {
    this.key = key;
  }

  /** The SOPS file; the goal's {@code defaultSopsFile} when unset. */
  public void setSopsFile(File sopsFile) {
    this.sopsFile = sopsFile;
  }

  /** {@code yaml}, {@code json}, {@code binary}, {@code dotenv} or {@code ini}. */
  public void setFormat(String format) {
    this.format = format;
  }

  /** The octal file mode, e.g. {@code 0440}. */
  public void setMode(String mode) {
    this.mode = mode;
  }

  /** The owning user's name (makes the goal leave user mode: needs root). */
  public void setOwner(String owner) {
    this.owner = owner;
  }

  /** The owning group's name (makes the goal leave user mode: needs root). */
  public void setGroup(String group) {
    this.group = group;
  }

  /** The owning uid when no owner is named. */
  public void setUid(Integer uid) {
    this.uid = uid;
  }

  /** The owning gid when no group is named. */
  public void setGid(Integer gid) {
    this.gid = gid;
  }

  /** Another place where the secret is visible (a symbolic link into the live generation). */
  public void setPath(File path) {
    this.path = path;
  }

  /** Units to restart when the secret changes (reported, never restarted by the goal). */
  public void setRestartUnits(List<String> restartUnits) {
    this.restartUnits = restartUnits == null ? new ArrayList<>() : restartUnits;
  }

  /** The name as configured ({@code null} when missing). */
  public String getName() {
    return name;
  }

  /** Whether an owner, group, uid or gid is configured (then files are chowned). */
  boolean setsOwnership() {
    return owner != null || group != null || uid != null || gid != null;
  }

  /** The engine's spec, with the goal's defaults filled in. */
  SecretSpec toSpec(File defaultSopsFile, String defaultFormat) {
    File file = sopsFile != null ? sopsFile : defaultSopsFile;
    SecretSpec.Builder b = SecretSpec.builder(name == null ? "" : name.strip())
        .sopsFile(file == null ? null : file.getAbsolutePath())
        .format(format != null && !format.isBlank() ? format.strip() : defaultFormat)
        .owner(owner).group(group)
        .uid(uid == null ? 0 : uid).gid(gid == null ? 0 : gid)
        .restartUnits(restartUnits);
    if (key != null) {
      b.key(key);
    }
    if (mode != null) {
      b.mode(mode.strip());
    }
    if (path != null) {
      b.path(path.getAbsolutePath());
    }
    return b.build();
  }

  @Override
  public String toString() {
    return "SecretConfig[name=" + name + ", key=" + key + ", sopsFile=" + sopsFile + ", format=" + format
        + ", mode=" + mode + ", path=" + path + "]";
  }
}
