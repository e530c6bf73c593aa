package dev.sops4j.sops.tree;

import java.util.List;

/**
 * The documents of one SOPS file, in order: one for every format except multi-document YAML. Each
 * document is a mapping at the top (INI: sections as fields whose values are mappings).
 */
public record Documents(List<Mapping> documents) {
  public Documents {
    documents = List.copyOf(documents);
    if (documents.isEmpty()) {
      throw new IllegalArgumentException("a SOPS file holds at least one document");
    }
  }

  public static Documents of(Mapping... documents) {
    return new Documents(List.of(documents));
  }

  /** The first (usually only) document. */
  public Mapping first() {
    return documents.get(0);
  }

  @Override
  public String toString() {
    return "Documents[" + documents.size() + "]";
  }
}
