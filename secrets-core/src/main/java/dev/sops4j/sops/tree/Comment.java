package dev.sops4j.sops.tree;

import java.util.Objects;

/**
 * A comment line: the text after {@code #} (or {@code ;} in INI), leading space kept, as sops keeps it.
 * In an encrypted tree the text is the {@code ENC[…,type:comment]} string. Comments may hold secrets,
 * so {@link #toString()} prints only the length.
 */
public record Comment(String text) implements Node, Mapping.Member {
  public Comment {
    Objects.requireNonNull(text, "text");
  }

  @Override
  public String toString() {
    return "Comment[" + text.length() + " chars]";
  }
}
