package dev.sops4j.sops.tree;

import java.util.List;

/**
 * An ordered list. Comments on list items are items of the list (sops encrypts them into the list as
 * {@code - ENC[…,type:comment]}).
 */
public record Sequence(List<Node> items) implements Node {
  public Sequence {
    items = List.copyOf(items);
  }

  public static Sequence of(Node... items) {
    return new Sequence(List.of(items));
  }

  @Override
  public String toString() {
    return "Sequence[" + items.size() + " items]";
  }
}
