package dev.sops4j.sops.tree;

import java.util.Objects;

/**
 * A comment line: the text after {@code #} (or {@code ;} in INI), leading space kept, as sops keeps it.
 * In an encrypted tree the text is the {@code ENC[…,type:comment]} string. Comments may hold secrets,
 * so {@link #toString()} prints only the length.
 *
 * @param text   the comment's text
 * @param inline whether the comment stood at the end of its item's line in YAML ({@code key: value #
 *     text}); it sits before that item in the tree, as any comment, and the YAML store writes it back at
 *     the end of the line, as sops 3.13 does. Other formats ignore it.
 */
public record Comment(String text, boolean inline) implements Node, Mapping.Member {
  public Comment {
    Objects.requireNonNull(text, "text");
  }

  /** A comment on its own line. */
  public Comment(String text) {
    this(text, false);
  }

  /** The same placement with another text (an encrypted or decrypted form of this comment). */
  public Comment withText(String newText) {
    return new Comment(newText, inline);
  }

  @Override
  public String toString() {
    return "Comment[" + text.length() + " chars" + (inline ? ", inline" : "") + "]";
  }
}
