package dev.sops4j.pgp;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.bouncycastle.gpg.SExpression;
import org.junit.jupiter.api.Test;

/** Atoms of gpg-agent S-expressions in every notation, and their canonical encoding. */
class SExpressionsTest {
  @Test
  void quotedStringsAreUnescapedLikeGpg() {
    assertThat(SExpressions.unquote("a\\x41\\101\\\\\\\"\\n\\t\\r\\b\\f\\v\\'z"))
        .isEqualTo("aAA\\\"\n\t\r\b\f\u000b'z".getBytes(ISO_8859_1));
    assertThat(SExpressions.unquote("line\\\nnext")).isEqualTo("linenext".getBytes(ISO_8859_1));
    assertThatThrownBy(() -> SExpressions.unquote("bad\\q")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SExpressions.unquote("end\\")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void everyNotationGivesTheSameCanonicalBytes() throws Exception {
    SExpression hex = SExpression.parse("(ecc (curve Ed25519)(q #40AB#)(protected x)(at \"20260101\"))"
        .getBytes(ISO_8859_1), 5);
    SExpression quoted = SExpression.parse("(ecc (curve \"Ed25519\")(q \"@\\xab\")(protected y)(at \"20260101\"))"
        .getBytes(ISO_8859_1), 5);
    byte[] expected = "(3:ecc(5:curve7:Ed25519)(1:q2:@\u00ab)(2:at8:20260101))".getBytes(ISO_8859_1);
    assertThat(SExpressions.canonical(hex, "protected")).isEqualTo(expected);
    assertThat(SExpressions.canonical(quoted, "protected")).isEqualTo(expected);
    assertThat(SExpressions.bytes(SExpressions.child(quoted, "q"), 1)).isEqualTo(new byte[] {0x40, (byte) 0xab});
    assertThat(SExpressions.child(hex, "missing")).isNull();
  }
}
