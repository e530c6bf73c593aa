package dev.sops4j.sops.tree;

import java.util.Objects;

/** A key and its value in a {@link Mapping}. The key is clear text in every SOPS file. */
public record Field(String key, Node value) implements Mapping.Member {
  public Field {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
  }

  @Override
  public String toString() {
    return "Field[" + key + "=" + value + "]";
  }
}
