package dev.sops4j.sops.metadata;

import dev.sops4j.sops.SopsMetadataException;
import dev.sops4j.sops.crypto.EncryptionRules;
import dev.sops4j.sops.crypto.GoFormat;
import dev.sops4j.sops.tree.Comment;
import dev.sops4j.sops.tree.Field;
import dev.sops4j.sops.tree.Mapping;
import dev.sops4j.sops.tree.Node;
import dev.sops4j.sops.tree.Scalar;
import dev.sops4j.sops.tree.Sequence;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads the {@code sops} metadata mapping in every layout sops has written: any key order, empty
 * lists and nulls for unused key types, typed scalars (YAML, JSON) or text only (dotenv and INI after
 * unflattening: {@code "3"}, {@code "true"}), field names matched exactly or else ignoring case (as
 * sops' decoder does), unknown fields ignored. Top-level key lists win over {@code key_groups}.
 */
public final class MetadataReader {
  /** Key types in the order sops builds a key group from them. */
  private static final List<String> KEY_TYPES =
      List.of("kms", "gcp_kms", "hckms", "azure_kv", "hc_vault", "pgp", "age");

  private final String source;

  private MetadataReader(String source) {
    this.source = source;
  }

  /**
   * @param sops   the metadata mapping as the store returns it (empty when the file has none)
   * @param source the file name for messages
   * @throws SopsMetadataException naming the file and the metadata field that is missing or invalid
   */
  public static Metadata read(Mapping sops, String source) throws SopsMetadataException {
    return new MetadataReader(source).read(sops);
  }

  private Metadata read(Mapping sops) throws SopsMetadataException {
    if (sops.fields().isEmpty()) {
      throw new SopsMetadataException(source + ": not a SOPS file (no sops metadata)");
    }
    String lastModifiedText = string(sops, "lastmodified", "lastmodified");
    if (lastModifiedText.isEmpty()) {
      throw fail("lastmodified", "missing");
    }
    OffsetDateTime lastModified = time(lastModifiedText, "lastmodified");
    List<KeyGroup> groups = keyGroups(sops);
    int threshold = integer(sops, "shamir_threshold");
    if (threshold < 0) {
      throw fail("shamir_threshold", "must not be negative");
    }
    String mac = string(sops, "mac", "mac");
    return new Metadata(groups, threshold, new LastModified(lastModifiedText, lastModified),
        mac.isEmpty() ? null : mac, rule(sops), bool(sops, "mac_only_encrypted"),
        string(sops, "version", "version"));
  }

  private EncryptionRules rule(Mapping sops) throws SopsMetadataException {
    EncryptionRules found = null;
    for (EncryptionRules.Kind kind : EncryptionRules.Kind.values()) {
      if (kind == EncryptionRules.Kind.NONE) {
        continue;
      }
      String value = string(sops, kind.metadataKey(), kind.metadataKey());
      if (value.isEmpty()) {
        continue;
      }
      if (found != null) {
        throw new SopsMetadataException(source + ": sops metadata: cannot use more than one of "
            + "encrypted_suffix, unencrypted_suffix, encrypted_regex, unencrypted_regex, "
            + "encrypted_comment_regex, or unencrypted_comment_regex in the same file (found "
            + found.kind().metadataKey() + " and " + kind.metadataKey() + ")");
      }
      try {
        found = EncryptionRules.of(kind, value);
      } catch (IllegalArgumentException e) {
        // EncryptionRules names the rule already; its cause holds the regex problem alone
        throw fail(kind.metadataKey(), e.getCause() != null ? e.getCause().getMessage() : e.getMessage());
      }
    }
    return found == null ? EncryptionRules.defaults() : found;
  }

  private List<KeyGroup> keyGroups(Mapping sops) throws SopsMetadataException {
    boolean topLevel = false;
    for (String type : KEY_TYPES) {
      if (!list(sops, type, type).isEmpty()) {
        topLevel = true;
      }
    }
    if (topLevel) {
      return List.of(group(sops, ""));
    }
    List<Node> groups = list(sops, "key_groups", "key_groups");
    if (groups.isEmpty()) {
      throw new SopsMetadataException(source + ": sops metadata: no master keys (no age, pgp, kms, "
          + "gcp_kms, hckms, azure_kv, hc_vault or key_groups entries)");
    }
    List<KeyGroup> out = new ArrayList<>();
    for (int i = 0; i < groups.size(); i++) {
      String where = "key_groups[" + i + "].";
      if (!(groups.get(i) instanceof Mapping group)) {
        throw fail("key_groups[" + i + "]", "is not a mapping");
      }
      out.add(group(group, where));
    }
    return out;
  }

  private KeyGroup group(Mapping group, String where) throws SopsMetadataException {
    List<MasterKey> keys = new ArrayList<>();
    for (String type : KEY_TYPES) {
      List<Node> entries = list(group, type, where + type);
      for (int i = 0; i < entries.size(); i++) {
        String at = where + type + "[" + i + "]";
        if (!(entries.get(i) instanceof Mapping entry)) {
          throw fail(at, "is not a mapping");
        }
        keys.add(masterKey(type, entry, at));
      }
    }
    return new KeyGroup(keys);
  }

  private MasterKey masterKey(String type, Mapping entry, String at) throws SopsMetadataException {
    String enc = string(entry, "enc", at + ".enc");
    switch (type) {
      case "age":
        return new AgeMasterKey(string(entry, "recipient", at + ".recipient"), enc);
      case "pgp":
        return new PgpMasterKey(string(entry, "fp", at + ".fp"), createdAt(entry, at), enc);
      default:
        createdAt(entry, at);
        return new OtherMasterKey(type, otherDescription(type, entry, at), enc, entry);
    }
  }

  private String otherDescription(String type, Mapping e, String at) throws SopsMetadataException {
    switch (type) {
      case "kms":
        return string(e, "arn", at + ".arn");
      case "gcp_kms":
        return string(e, "resource_id", at + ".resource_id");
      case "hckms":
        return string(e, "key_id", at + ".key_id");
      case "azure_kv":
        return string(e, "vault_url", at + ".vault_url") + "/keys/" + string(e, "name", at + ".name")
            + "/" + string(e, "version", at + ".version");
      default:
        return string(e, "vault_address", at + ".vault_address") + "/v1/"
            + string(e, "engine_path", at + ".engine_path") + "/keys/"
            + string(e, "key_name", at + ".key_name");
    }
  }

  private OffsetDateTime createdAt(Mapping entry, String at) throws SopsMetadataException {
    return time(string(entry, "created_at", at + ".created_at"), at + ".created_at");
  }

  private OffsetDateTime time(String text, String where) throws SopsMetadataException {
    Optional<OffsetDateTime> parsed = GoFormat.parseRfc3339(text);
    if (parsed.isEmpty()) {
      throw fail(where, text.isEmpty() ? "missing" : "'" + shorten(text) + "' is not an RFC3339 time");
    }
    return parsed.get();
  }

  private static String shorten(String text) {
    return text.length() > 40 ? text.substring(0, 40) + "…" : text;
  }

  /** The field named {@code name}: an exact match first, else the first that matches ignoring case. */
  private static Optional<Node> get(Mapping mapping, String name) {
    Optional<Node> exact = mapping.get(name);
    if (exact.isPresent()) {
      return exact;
    }
    for (Field f : mapping.fields()) {
      if (f.key().equalsIgnoreCase(name)) {
        return Optional.of(f.value());
      }
    }
    return Optional.empty();
  }

  /** A text field, converted as sops' weakly typed decoder converts numbers and booleans. */
  private String string(Mapping mapping, String name, String where) throws SopsMetadataException {
    Node node = get(mapping, name).orElse(Scalar.Null.INSTANCE);
    if (node instanceof Scalar.Str s) {
      return s.value();
    } else if (node instanceof Scalar.Null) {
      return "";
    } else if (node instanceof Scalar.Int i) {
      return GoFormat.formatInt(i.value());
    } else if (node instanceof Scalar.Float f) {
      return GoFormat.formatFloat(f.value());
    } else if (node instanceof Scalar.Bool b) {
      return b.value() ? "1" : "0";
    } else if (node instanceof Scalar.Time t) {
      return GoFormat.formatTimeNano(t.value());
    }
    throw fail(where, "expected a text value");
  }

  private int integer(Mapping mapping, String name) throws SopsMetadataException {
    Node node = get(mapping, name).orElse(Scalar.Null.INSTANCE);
    long value;
    if (node instanceof Scalar.Int i) {
      value = i.value();
    } else if (node instanceof Scalar.Null) {
      value = 0;
    } else if (node instanceof Scalar.Str s) {
      value = s.value().isEmpty() ? 0 : GoFormat.parseInt(s.value())
          .orElseThrow(() -> fail(name, "'" + shorten(s.value()) + "' is not an integer"));
    } else if (node instanceof Scalar.Float f && f.value() == Math.rint(f.value())) {
      value = (long) f.value();
    } else if (node instanceof Scalar.Bool b) {
      value = b.value() ? 1 : 0;
    } else {
      throw fail(name, "expected an integer");
    }
    if (value > Integer.MAX_VALUE || value < Integer.MIN_VALUE) {
      throw fail(name, "out of range");
    }
    return (int) value;
  }

  private boolean bool(Mapping mapping, String name) throws SopsMetadataException {
    Node node = get(mapping, name).orElse(Scalar.Null.INSTANCE);
    if (node instanceof Scalar.Bool b) {
      return b.value();
    } else if (node instanceof Scalar.Null) {
      return false;
    } else if (node instanceof Scalar.Str s) {
      return s.value().isEmpty() ? false : GoFormat.parseBool(s.value())
          .orElseThrow(() -> fail(name, "'" + shorten(s.value()) + "' is not a boolean"));
    } else if (node instanceof Scalar.Int i) {
      return i.value() != 0;
    }
    throw fail(name, "expected a boolean");
  }

  /** A list field: null or absent is empty; a lone mapping counts as a list of one (weak typing). */
  private List<Node> list(Mapping mapping, String name, String where) throws SopsMetadataException {
    Node node = get(mapping, name).orElse(Scalar.Null.INSTANCE);
    if (node instanceof Scalar.Null) {
      return List.of();
    } else if (node instanceof Sequence s) {
      return s.items().stream().filter(n -> !(n instanceof Comment)).toList();
    } else if (node instanceof Mapping m) {
      return List.of(m);
    } else if (node instanceof Scalar.Str s && s.value().isEmpty()) {
      return List.of();
    }
    throw fail(where, "expected a list");
  }

  private SopsMetadataException fail(String where, String problem) {
    return new SopsMetadataException(source + ": sops metadata: " + where + ": " + problem);
  }
}
