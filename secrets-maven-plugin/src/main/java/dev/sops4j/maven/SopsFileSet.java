package dev.sops4j.maven;

import java.io.File;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@code <fileSet>} of the file goals: a directory and glob patterns ({@code **}{@code /*.yaml},
 * {@code secrets/*.env}) relative to it, as in Maven's own file sets. Excludes win over includes;
 * no include means every regular file.
 */
public class SopsFileSet {
  private File directory;
  private List<String> includes = new ArrayList<>();
  private List<String> excludes = new ArrayList<>();

  /** The directory the patterns are relative to. */
  public File getDirectory() {
    return directory;
  }

  /** Sets the directory (Maven calls this from the POM's {@code <directory>}). */
  public void setDirectory(File directory) {
    this.directory = directory;
  }

  /** The include patterns. */
  public List<String> getIncludes() {
    return includes;
  }

  /** Sets the include patterns. */
  public void setIncludes(List<String> includes) {
    this.includes = includes == null ? new ArrayList<>() : includes;
  }

  /** The exclude patterns. */
  public List<String> getExcludes() {
    return excludes;
  }

  /** Sets the exclude patterns. */
  public void setExcludes(List<String> excludes) {
    this.excludes = excludes == null ? new ArrayList<>() : excludes;
  }

  @Override
  public String toString() {
    return "SopsFileSet[directory=" + directory + ", includes=" + includes + ", excludes=" + excludes + "]";
  }
}
