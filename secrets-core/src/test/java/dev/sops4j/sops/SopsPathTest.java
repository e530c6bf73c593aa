package dev.sops4j.sops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sops4j.sops.tree.Comment;
import dev.sops4j.sops.tree.Field;
import dev.sops4j.sops.tree.Mapping;
import dev.sops4j.sops.tree.Scalar;
import dev.sops4j.sops.tree.Sequence;
import java.util.List;
import org.junit.jupiter.api.Test;

class SopsPathTest {
  private static final Mapping DOC = Mapping.of(
      new Field("a", Mapping.of(new Comment(" c"), new Field("b", new Scalar.Str("v")))),
      new Field("list", Sequence.of(new Comment(" first"), new Scalar.Str("x"), new Scalar.Int(2))),
      new Field("we\"ird", new Scalar.Bool(true)));

  @Test
  void parsesExtractSyntax() {
    assertThat(SopsPath.parseExtract("[\"a\"]['b'][12]").steps()).containsExactly("a", "b", 12);
    assertThat(SopsPath.parseExtract("").isRoot()).isTrue();
    assertThat(SopsPath.parseExtract("[\"we\\\"ird\"]").steps()).containsExactly("we\"ird");
  }

  @Test
  void roundTripsToExtractForm() {
    SopsPath p = new SopsPath(List.of("a", "we\"ird", 3));
    assertThat(SopsPath.parseExtract(p.toExtract())).isEqualTo(p);
  }

  @Test
  void rejectsMalformedExtractWithPosition() {
    assertThatThrownBy(() -> SopsPath.parseExtract("a")).hasMessageContaining("position 0");
    assertThatThrownBy(() -> SopsPath.parseExtract("[\"a\"")).hasMessageContaining("expected ']'");
    assertThatThrownBy(() -> SopsPath.parseExtract("[\"a]")).hasMessageContaining("unterminated");
    assertThatThrownBy(() -> SopsPath.parseExtract("[x]")).hasMessageContaining("position 1");
  }

  @Test
  void slashKeysAreMapKeys() {
    assertThat(SopsPath.parseSlashes("a/b").steps()).containsExactly("a", "b");
    assertThat(SopsPath.parseSlashes("").isRoot()).isTrue();
  }

  @Test
  void findsValuesSkippingCommentsInLists() {
    assertThat(SopsPath.parseSlashes("a/b").find(DOC)).contains(new Scalar.Str("v"));
    assertThat(SopsPath.parseExtract("[\"list\"][0]").find(DOC)).contains(new Scalar.Str("x"));
    assertThat(SopsPath.parseExtract("[\"list\"][1]").find(DOC)).contains(new Scalar.Int(2));
    assertThat(SopsPath.parseExtract("[\"list\"][2]").find(DOC)).isEmpty();
    assertThat(SopsPath.parseSlashes("a/missing").find(DOC)).isEmpty();
    assertThat(SopsPath.parseExtract("[\"a\"][0]").find(DOC)).isEmpty();
    assertThat(SopsPath.root().find(DOC)).contains(DOC);
  }
}
