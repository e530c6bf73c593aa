package dev.sops4j.sops.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sops4j.sops.SopsParseException;
import dev.sops4j.sops.tree.Comment;
import dev.sops4j.sops.tree.Field;
import dev.sops4j.sops.tree.Mapping;
import dev.sops4j.sops.tree.Node;
import dev.sops4j.sops.tree.Scalar;
import dev.sops4j.sops.tree.Sequence;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MetadataFlatteningTest {
  private static Field str(String key, String value) {
    return new Field(key, new Scalar.Str(value));
  }

  private static MetadataFlattening.FlatEntry entry(String name, String value, int line) {
    return new MetadataFlattening.FlatEntry(name, new Scalar.Str(value), line);
  }

  /** Key groups with two age keys in the first group and one PGP key in the second, sorted as sops writes. */
  private static Mapping keyGroupMetadata() {
    return Mapping.of(
        new Field("key_groups", Sequence.of(
            Mapping.of(new Field("age", Sequence.of(
                Mapping.of(str("enc", "E1"), str("recipient", "age1a")),
                Mapping.of(str("enc", "E2"), str("recipient", "age1b"))))),
            Mapping.of(new Field("pgp", Sequence.of(
                Mapping.of(str("created_at", "2024-01-01T00:00:00Z"), str("enc", "P"), str("fp", "ABCD"))))))),
        str("lastmodified", "2024-01-01T00:00:00Z"),
        str("mac", "ENC[m]"),
        str("shamir_threshold", "2"),
        str("version", "3.13.2"));
  }

  @Test
  void flattensMapsAndListsToSopsNames() {
    List<Field> flat = MetadataFlattening.flatten(keyGroupMetadata(), "sops_");
    assertThat(flat).extracting(Field::key).containsExactly(
        "sops_key_groups__list_0__map_age__list_0__map_enc",
        "sops_key_groups__list_0__map_age__list_0__map_recipient",
        "sops_key_groups__list_0__map_age__list_1__map_enc",
        "sops_key_groups__list_0__map_age__list_1__map_recipient",
        "sops_key_groups__list_1__map_pgp__list_0__map_created_at",
        "sops_key_groups__list_1__map_pgp__list_0__map_enc",
        "sops_key_groups__list_1__map_pgp__list_0__map_fp",
        "sops_lastmodified", "sops_mac", "sops_shamir_threshold", "sops_version");
    assertThat(flat.get(3).value()).isEqualTo(new Scalar.Str("age1b"));
  }

  @Test
  void unflattenRebuildsTheSortedNestingFromAnyOrder() throws Exception {
    List<MetadataFlattening.FlatEntry> entries = new ArrayList<>();
    int line = 1;
    for (Field f : MetadataFlattening.flatten(keyGroupMetadata(), "")) {
      entries.add(new MetadataFlattening.FlatEntry(f.key(), f.value(), line++));
    }
    Collections.shuffle(entries, new Random(42));
    assertThat(MetadataFlattening.unflatten(entries, "x.env")).isEqualTo(keyGroupMetadata());
  }

  @Test
  void unflattenSortsKeysInGoStringOrder() throws Exception {
    Mapping m = MetadataFlattening.unflatten(List.of(
        entry("mac_only_encrypted", "true", 1), entry("macZ", "z", 2), entry("mac", "m", 3),
        entry("Mac", "M", 4)), "o.ini");
    assertThat(m.fields()).extracting(Field::key).containsExactly("Mac", "mac", "macZ", "mac_only_encrypted");
  }

  @Test
  void commentsAndNullsAreSkippedAndListIndicesCountOnlyValues() {
    Mapping md = new Mapping(List.of(
        new Comment("c"),
        new Field("kms", Scalar.Null.INSTANCE),
        new Field("age", new Sequence(List.<Node>of(new Comment("x"), Mapping.of(str("enc", "E")))))));
    assertThat(MetadataFlattening.flatten(md, "")).containsExactly(str("age__list_0__map_enc", "E"));
  }

  @Test
  void emptyInputGivesAnEmptyMapping() throws Exception {
    assertThat(MetadataFlattening.unflatten(List.of(), "e.env")).isEqualTo(Mapping.of());
  }

  @Test
  void aNameSetTwiceIsRejectedWithItsLine() {
    assertThatThrownBy(() -> MetadataFlattening.unflatten(
        List.of(entry("mac", "a", 3), entry("mac", "b", 7)), "d.env"))
        .isInstanceOfSatisfying(SopsParseException.class, e -> {
          assertThat(e.line()).isEqualTo(7);
          assertThat(e.keyPath()).isEqualTo("mac");
        }).hasMessageNotContaining("ENC").hasMessageContaining("set twice");
  }

  @Test
  void aNameUsedAsValueAndParentIsRejected() {
    assertThatThrownBy(() -> MetadataFlattening.unflatten(
        List.of(entry("age", "secret-value", 2), entry("age__list_0__map_enc", "x", 3)), "t.env"))
        .isInstanceOf(SopsParseException.class).hasMessageContaining("both as a value")
        .hasMessageNotContaining("secret-value");
  }

  @Test
  void listsWithGapsOrBadIndicesAreRejected() {
    assertThatThrownBy(() -> MetadataFlattening.unflatten(
        List.of(entry("age__list_0__map_enc", "a", 1), entry("age__list_2__map_enc", "b", 2)), "g.env"))
        .isInstanceOf(SopsParseException.class).hasMessageContaining("missing indices")
        .hasMessageContaining("'age'");
    assertThatThrownBy(() -> MetadataFlattening.unflatten(
        List.of(entry("age__list_x__map_enc", "a", 4)), "i.env"))
        .isInstanceOfSatisfying(SopsParseException.class, e -> assertThat(e.line()).isEqualTo(4))
        .hasMessageContaining("not a number");
  }

  @Test
  void collidingFlatNamesAreRejected() {
    Mapping md = Mapping.of(new Field("a", Mapping.of(str("b", "1"))), str("a__map_b", "2"));
    assertThatThrownBy(() -> MetadataFlattening.flatten(md, ""))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("a__map_b");
  }
}
