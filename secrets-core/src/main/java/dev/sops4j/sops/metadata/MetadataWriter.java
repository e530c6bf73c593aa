package dev.sops4j.sops.metadata;

import dev.sops4j.sops.crypto.EncryptionRules;
import dev.sops4j.sops.crypto.GoFormat;
import dev.sops4j.sops.tree.Field;
import dev.sops4j.sops.tree.Mapping;
import dev.sops4j.sops.tree.Node;
import dev.sops4j.sops.tree.Scalar;
import dev.sops4j.sops.tree.Sequence;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes metadata in the layout current sops (3.13) writes: keys sorted alphabetically at every
 * level, empty fields left out except {@code lastmodified}, {@code mac} and {@code version}; the keys
 * of a single group at the top level, {@code key_groups} only with several groups (where each group
 * always has {@code age} and {@code hc_vault}, empty or not); {@code shamir_threshold} only when set.
 */
public final class MetadataWriter {
  private MetadataWriter() {}

  /** The {@code sops} mapping for a file's metadata. */
  public static Mapping write(Metadata metadata) {
    Map<String, Node> top = new TreeMap<>();
    if (metadata.keyGroups().size() == 1) {
      putKeys(top, metadata.keyGroups().get(0), false);
    } else if (metadata.keyGroups().size() > 1) {
      List<Node> groups = new ArrayList<>();
      for (KeyGroup group : metadata.keyGroups()) {
        Map<String, Node> fields = new TreeMap<>();
        putKeys(fields, group, true);
        groups.add(mapping(fields));
      }
      top.put("key_groups", new Sequence(groups));
    }
    top.put("lastmodified", new Scalar.Str(GoFormat.formatRfc3339(metadata.lastModified().time())));
    top.put("mac", new Scalar.Str(metadata.mac() == null ? "" : metadata.mac()));
    if (metadata.macOnlyEncrypted()) {
      top.put("mac_only_encrypted", new Scalar.Bool(true));
    }
    if (metadata.shamirThreshold() != 0) {
      top.put("shamir_threshold", new Scalar.Int(metadata.shamirThreshold()));
    }
    EncryptionRules rule = metadata.encryptionRule();
    if (rule.kind() != EncryptionRules.Kind.NONE) {
      top.put(rule.kind().metadataKey(), new Scalar.Str(rule.value()));
    }
    top.put("version", new Scalar.Str(metadata.version()));
    return mapping(top);
  }

  private static void putKeys(Map<String, Node> out, KeyGroup group, boolean inKeyGroups) {
    Map<String, List<Node>> byType = new TreeMap<>();
    if (inKeyGroups) {
      byType.put("age", new ArrayList<>());
      byType.put("hc_vault", new ArrayList<>());
    }
    for (MasterKey key : group.keys()) {
      byType.computeIfAbsent(key.type(), t -> new ArrayList<>()).add(entry(key));
    }
    byType.forEach((type, entries) -> out.put(type, new Sequence(entries)));
  }

  private static Node entry(MasterKey key) {
    Map<String, Node> fields = new TreeMap<>();
    if (key instanceof AgeMasterKey age) {
      fields.put("recipient", new Scalar.Str(age.recipient()));
      fields.put("enc", new Scalar.Str(age.enc()));
    } else if (key instanceof PgpMasterKey pgp) {
      fields.put("created_at", new Scalar.Str(GoFormat.formatRfc3339(pgp.createdAt())));
      fields.put("enc", new Scalar.Str(pgp.enc()));
      fields.put("fp", new Scalar.Str(pgp.fingerprint()));
    } else if (key instanceof OtherMasterKey other) {
      for (Field f : other.fields().fields()) {
        fields.put(f.key(), sortedDeep(f.value()));
      }
      fields.put("enc", new Scalar.Str(other.enc()));
    }
    return mapping(fields);
  }

  /** Nested mappings (a KMS encryption context) are sorted too, as sops sorts every map. */
  private static Node sortedDeep(Node node) {
    if (node instanceof Mapping m) {
      Map<String, Node> sorted = new TreeMap<>();
      for (Field f : m.fields()) {
        sorted.put(f.key(), sortedDeep(f.value()));
      }
      return mapping(sorted);
    }
    if (node instanceof Sequence s) {
      return new Sequence(s.items().stream().map(MetadataWriter::sortedDeep).toList());
    }
    return node;
  }

  private static Mapping mapping(Map<String, Node> sorted) {
    List<Mapping.Member> members = new ArrayList<>(sorted.size());
    sorted.forEach((k, v) -> members.add(new Field(k, v)));
    return new Mapping(members);
  }
}
