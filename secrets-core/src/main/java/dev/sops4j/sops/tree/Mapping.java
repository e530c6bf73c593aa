package dev.sops4j.sops.tree;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An ordered mapping: fields and the comments between them, in document order (sops' TreeBranch,
 * where comments are items of the branch). Keys are strings; duplicates are rejected by the readers.
 */
public record Mapping(List<Member> members) implements Node {

  /** One item of a mapping: a field or a comment line. */
  public sealed interface Member permits Field, Comment {
  }

  public Mapping {
    members = List.copyOf(members);
  }

  public static Mapping of(Member... members) {
    return new Mapping(List.of(members));
  }

  /** The fields only, in order. */
  public List<Field> fields() {
    List<Field> fields = new ArrayList<>();
    for (Member m : members) {
      if (m instanceof Field f) {
        fields.add(f);
      }
    }
    return fields;
  }

  /** The value of the first field named {@code key}. */
  public Optional<Node> get(String key) {
    for (Member m : members) {
      if (m instanceof Field f && f.key().equals(key)) {
        return Optional.of(f.value());
      }
    }
    return Optional.empty();
  }

  /** This mapping without the fields named {@code key}. */
  public Mapping without(String key) {
    List<Member> kept = new ArrayList<>();
    for (Member m : members) {
      if (!(m instanceof Field f && f.key().equals(key))) {
        kept.add(m);
      }
    }
    return new Mapping(kept);
  }

  /** This mapping with {@code key} set to {@code value}: replaced in place, or appended. */
  public Mapping with(String key, Node value) {
    List<Member> out = new ArrayList<>(members);
    for (int i = 0; i < out.size(); i++) {
      if (out.get(i) instanceof Field f && f.key().equals(key)) {
        out.set(i, new Field(key, value));
        return new Mapping(out);
      }
    }
    out.add(new Field(key, value));
    return new Mapping(out);
  }

  @Override
  public String toString() {
    return "Mapping[" + fields().stream().map(Field::key).toList() + "]";
  }
}
