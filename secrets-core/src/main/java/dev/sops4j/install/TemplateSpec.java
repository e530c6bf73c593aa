package dev.sops4j.install;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One template to render into {@code <generation>/rendered/<name>}, reachable as {@code path}.
 * Field names and defaults are sops-nix's ({@code sops.templates.<name>}).
 *
 * @param name         file name under {@code rendered/}
 * @param content      the template text; {@code ""} means none (then {@code file} is read), as in sops-nix
 * @param file         a file holding the template, used only when {@code content} is empty; {@code null} for none
 * @param path         where the rendered file is visible; {@code null} until a {@link Manifest} fills the
 *                     default {@code <symlinkPath>/rendered/<name>}
 * @param mode         octal file mode (default {@code "0400"})
 * @param owner        owner user name, or {@code null} to use {@code uid}
 * @param group        group name, or {@code null} to use {@code gid}
 * @param uid          owner id when {@code owner} is {@code null}
 * @param gid          group id when {@code group} is {@code null}
 * @param restartUnits units to restart when the rendered file changes
 * @param reloadUnits  units to reload when the rendered file changes
 */
public record TemplateSpec(String name, String content, String file, String path, String mode,
    String owner, String group, int uid, int gid, List<String> restartUnits,
    List<String> reloadUnits) {

  /** Fills defaults: no content, no file, mode 0400, no units; an empty path means the default. */
  public TemplateSpec {
    name = name == null ? "" : name;
    content = content == null ? "" : content;
    file = file == null || file.isEmpty() ? null : file;
    path = path == null || path.isEmpty() ? null : path;
    mode = mode == null ? FileModes.DEFAULT : mode;
    restartUnits = restartUnits == null ? List.of() : List.copyOf(restartUnits);
    reloadUnits = reloadUnits == null ? List.of() : List.copyOf(reloadUnits);
  }

  /** Reads the bytes of a template {@code file}. */
  @FunctionalInterface
  public interface FileReader {
    /** Reads files from the local file system. */
    FileReader DISK = file -> Files.readAllBytes(Path.of(file));

    /** The bytes of {@code file}. */
    byte[] read(String file) throws IOException;
  }

  /** A builder for template {@code name} with every default. */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  /** A builder holding this template's values. */
  public Builder toBuilder() {
    return new Builder(name).content(content).file(file).path(path).mode(mode).owner(owner)
        .group(group).uid(uid).gid(gid).restartUnits(restartUnits).reloadUnits(reloadUnits);
  }

  /** This template with another path. */
  public TemplateSpec withPath(String newPath) {
    return new TemplateSpec(name, content, file, newPath, mode, owner, group, uid, gid,
        restartUnits, reloadUnits);
  }

  /** Whether there is something to render: content, or else a file. */
  public boolean hasSource() {
    return !content.isEmpty() || file != null;
  }

  /**
   * The template text: {@code content} as UTF-8 when not empty, else the bytes of {@code file}.
   *
   * @throws IOException when the file cannot be read
   * @throws IllegalStateException when there is neither (the validator reports that)
   */
  public byte[] text(FileReader files) throws IOException {
    if (!content.isEmpty()) {
      return content.getBytes(StandardCharsets.UTF_8);
    }
    if (file == null) {
      throw new IllegalStateException("neither content nor file was specified for template " + name);
    }
    return files.read(file);
  }

  /** The mode bits (valid after validation). */
  public int modeBits() {
    return FileModes.bits(mode, "template '" + name + "'");
  }

  /** Fluent construction of a {@link TemplateSpec}; unset fields take the defaults. */
  public static final class Builder {
    private final String name;
    private String content;
    private String file;
    private String path;
    private String mode;
    private String owner;
    private String group;
    private int uid;
    private int gid;
    private final List<String> restartUnits = new ArrayList<>();
    private final List<String> reloadUnits = new ArrayList<>();

    private Builder(String name) {
      this.name = name;
    }

    /** The template text. */
    public Builder content(String value) {
      this.content = value;
      return this;
    }

    /** A file holding the template (used when there is no content). */
    public Builder file(String value) {
      this.file = value;
      return this;
    }

    /** Where the rendered file is visible (default {@code <symlinkPath>/rendered/<name>}). */
    public Builder path(String value) {
      this.path = value;
      return this;
    }

    /** The octal mode such as {@code "0440"}. */
    public Builder mode(String value) {
      this.mode = value;
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

    /** The template. */
    public TemplateSpec build() {
      return new TemplateSpec(name, content, file, path, mode, owner, group, uid, gid,
          restartUnits, reloadUnits);
    }
  }
}
