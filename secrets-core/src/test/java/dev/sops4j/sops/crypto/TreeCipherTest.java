package dev.sops4j.sops.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sops4j.sops.SopsValueException;
import dev.sops4j.sops.tree.Comment;
import dev.sops4j.sops.tree.Documents;
import dev.sops4j.sops.tree.Field;
import dev.sops4j.sops.tree.Mapping;
import dev.sops4j.sops.tree.Node;
import dev.sops4j.sops.tree.Scalar;
import dev.sops4j.sops.tree.Sequence;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Tree walk: AAD paths, MAC rules, round trips, the IV stash across a re-encryption, warnings. */
class TreeCipherTest {
  private static final byte[] KEY = HexFormat.of().parseHex(
      "8c68886c50b5b72965a3cb99c5172e1d74a8aca27b39ee880b535d6907e59f68");
  private static final String CANARY = "canary-Zq8vX1-secret";
  private static final TreeCipher DEFAULT = new TreeCipher(EncryptionRules.defaults(), false);

  static Field f(String key, Node value) {
    return new Field(key, value);
  }

  static Scalar.Str s(String value) {
    return new Scalar.Str(value);
  }

  /** A tree with every shape: comments at each level, lists of scalars and mappings, nulls, types. */
  static Documents sample() {
    Mapping first = Mapping.of(
        new Comment(" top comment"),
        f("myapp1", s("t00m4nys3cr3t")),
        f("app2", Mapping.of(
            f("db", Mapping.of(
                f("user", s("eve")),
                new Comment(" inside db"),
                f("password", s(CANARY)))),
            f("key", s("-----BEGIN KEY-----\nabc\n")))),
        f("number", new Scalar.Float(1234568000)),
        f("count", new Scalar.Int(-3)),
        f("enabled", new Scalar.Bool(true)),
        f("when", new Scalar.Time(OffsetDateTime.of(2024, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC))),
        f("an_array", Sequence.of(s("one"), new Comment(" list comment"), s("two"), Scalar.Null.INSTANCE)),
        f("phones", Sequence.of(
            Mapping.of(f("type", s("home")), f("number", s("212"))),
            Mapping.of(f("type", s("office")), f("number", s("646"))))),
        f("empty", s("")),
        f("nothing", Scalar.Null.INSTANCE),
        f("port_unencrypted", new Scalar.Int(8080)),
        f("nested_unencrypted", Mapping.of(f("deep", s("clear")))));
    Mapping second = Mapping.of(f("x", s("second document")));
    return Documents.of(first, second);
  }

  private static String sha512(byte[]... parts) throws Exception {
    MessageDigest md = MessageDigest.getInstance("SHA-512");
    for (byte[] p : parts) {
      md.update(p);
    }
    return HexFormat.of().withUpperCase().formatHex(md.digest());
  }

  private static byte[] b(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void macHashesEveryNonCommentValueInDocumentOrderWithGoFormatting() throws Exception {
    String expected = sha512(b("t00m4nys3cr3t"), b("eve"), b(CANARY), b("-----BEGIN KEY-----\nabc\n"),
        b("1234568000"), b("-3"), b("True"), b("2024-01-01T00:00:00Z"), b("one"), b("two"),
        b("home"), b("212"), b("office"), b("646"), b("8080"), b("clear"), b("second document"));
    assertThat(DEFAULT.mac(sample())).isEqualTo(expected);
  }

  @Test
  void roundTripKeepsTreeAndMac() throws Exception {
    ValueCipher cipher = new ValueCipher(KEY);
    TreeCipher.Encrypted encrypted = DEFAULT.encrypt(sample(), cipher);
    assertThat(encrypted.mac()).isEqualTo(DEFAULT.mac(sample()));
    TreeCipher.Decrypted decrypted = DEFAULT.decrypt(encrypted.documents(), new ValueCipher(KEY));
    assertThat(decrypted.documents()).isEqualTo(sample());
    assertThat(decrypted.mac()).isEqualTo(encrypted.mac());
    assertThat(decrypted.warnings()).isEmpty();
  }

  @Test
  void encryptedTreeHasSopsShapeAndAads() throws Exception {
    Documents enc = DEFAULT.encrypt(sample(), new ValueCipher(KEY)).documents();
    Mapping doc = enc.first();
    ValueCipher check = new ValueCipher(KEY);
    assertThat(((Comment) doc.members().get(0)).text()).startsWith("ENC[").endsWith(",type:comment]");
    assertThat(check.decrypt(((Comment) doc.members().get(0)).text(), ":")).isEqualTo(new Comment(" top comment"));
    Mapping db = (Mapping) ((Mapping) doc.get("app2").orElseThrow()).get("db").orElseThrow();
    assertThat(check.decrypt(((Comment) db.members().get(1)).text(), "app2:db:"))
        .isEqualTo(new Comment(" inside db"));
    assertThat(check.decrypt(str(db.get("password").orElseThrow()), "app2:db:password:")).isEqualTo(s(CANARY));
    Sequence array = (Sequence) doc.get("an_array").orElseThrow();
    assertThat(check.decrypt(str(array.items().get(0)), "an_array:")).isEqualTo(s("one"));
    assertThat(check.decrypt(((Comment) array.items().get(1)).text(), "an_array:"))
        .isEqualTo(new Comment(" list comment"));
    assertThat(array.items().get(3)).isEqualTo(Scalar.Null.INSTANCE);
    Mapping phone = (Mapping) ((Sequence) doc.get("phones").orElseThrow()).items().get(1);
    assertThat(check.decrypt(str(phone.get("number").orElseThrow()), "phones:number:")).isEqualTo(s("646"));
    assertThat(check.decrypt(str(doc.get("number").orElseThrow()), "number:"))
        .isEqualTo(new Scalar.Float(1234568000));
    assertThat(doc.get("empty")).contains(s(""));
    assertThat(doc.get("nothing")).contains(Scalar.Null.INSTANCE);
    assertThat(doc.get("port_unencrypted")).contains(new Scalar.Int(8080));
    assertThat(doc.get("nested_unencrypted")).contains(Mapping.of(f("deep", s("clear"))));
    assertThat(check.decrypt(str(enc.documents().get(1).get("x").orElseThrow()), "x:"))
        .isEqualTo(s("second document"));
    assertThat(doc.fields().stream().map(Field::key).toList()).containsExactly("myapp1", "app2",
        "number", "count", "enabled", "when", "an_array", "phones", "empty", "nothing",
        "port_unencrypted", "nested_unencrypted");
  }

  private static String str(Node node) {
    return ((Scalar.Str) node).value();
  }

  @Test
  void unchangedValuesKeepTheirCiphertextWhenReEncrypted() throws Exception {
    Documents original = DEFAULT.encrypt(sample(), new ValueCipher(KEY)).documents();
    ValueCipher cipher = new ValueCipher(KEY);
    Documents plain = DEFAULT.decrypt(original, cipher).documents();
    Mapping changed = plain.first().with("myapp1", s("new secret"));
    Documents reEncrypted = DEFAULT.encrypt(new Documents(List.of(changed, plain.documents().get(1))), cipher)
        .documents();
    List<String> before = encStrings(original);
    List<String> after = encStrings(reEncrypted);
    assertThat(after).hasSameSizeAs(before);
    int differences = 0;
    for (int i = 0; i < before.size(); i++) {
      if (!before.get(i).equals(after.get(i))) {
        differences++;
      }
    }
    assertThat(differences).isEqualTo(1);
    assertThat(((Scalar.Str) reEncrypted.first().get("myapp1").orElseThrow()).value())
        .isNotEqualTo(((Scalar.Str) original.first().get("myapp1").orElseThrow()).value());
  }

  private static List<String> encStrings(Documents docs) {
    List<String> out = new ArrayList<>();
    for (Mapping m : docs.documents()) {
      collect(m, out);
    }
    return out;
  }

  private static void collect(Node node, List<String> out) {
    if (node instanceof Mapping m) {
      for (Mapping.Member member : m.members()) {
        collect(member instanceof Field f ? f.value() : (Comment) member, out);
      }
    } else if (node instanceof Sequence s) {
      s.items().forEach(i -> collect(i, out));
    } else if (node instanceof Scalar.Str s && s.value().startsWith("ENC[")) {
      out.add(s.value());
    } else if (node instanceof Comment c && c.text().startsWith("ENC[")) {
      out.add(c.text());
    }
  }

  @Test
  void macOnlyEncryptedStartsWithTheSopsPrefixAndSkipsClearValues() throws Exception {
    TreeCipher macOnly = new TreeCipher(EncryptionRules.defaults(), true);
    Documents docs = Documents.of(Mapping.of(f("a", s("x")), f("b_unencrypted", s("y")), f("c", new Scalar.Int(1))));
    byte[] prefix = MessageDigest.getInstance("SHA-256").digest(b("sops"));
    assertThat(HexFormat.of().formatHex(prefix))
        .isEqualTo("8a3fd2ad54ce66527b1034f3d147be0b0b975b3bf44f72c6fdadec8176f27d69");
    assertThat(macOnly.mac(docs)).isEqualTo(sha512(prefix, b("x"), b("1")));
    assertThat(DEFAULT.mac(docs)).isEqualTo(sha512(b("x"), b("y"), b("1")));
    TreeCipher.Encrypted enc = macOnly.encrypt(docs, new ValueCipher(KEY));
    assertThat(macOnly.decrypt(enc.documents(), new ValueCipher(KEY)).mac()).isEqualTo(enc.mac());
  }

  @Test
  void sequenceItemThatDecryptsToACommentIsNotHashed() throws Exception {
    // sops writes comments on list items as '- ENC[…,type:comment]' elements; 3.12 skips them in the MAC.
    String encComment = new ValueCipher(KEY).encrypt(new Comment(" item comment"), "list:");
    String encValue = new ValueCipher(KEY).encrypt(s("v"), "list:");
    Documents docs = Documents.of(Mapping.of(f("list", Sequence.of(s(encComment), s(encValue)))));
    TreeCipher.Decrypted d = DEFAULT.decrypt(docs, new ValueCipher(KEY));
    assertThat(d.documents().first().get("list"))
        .contains(Sequence.of(new Comment(" item comment"), s("v")));
    assertThat(d.mac()).isEqualTo(sha512(b("v")));
  }

  @Test
  void commentThatDoesNotDecryptIsKeptWithAWarning() throws Exception {
    Documents docs = Documents.of(Mapping.of(
        new Comment(" plain old comment"),
        f("inner", Mapping.of(new Comment("ENC[AES256_GCM,data:AAAA,iv:AAAA,tag:AAAAAAAAAAAAAAAAAAAAAA==,type:comment]"))),
        f("a", s(new ValueCipher(KEY).encrypt(s("x"), "a:")))));
    TreeCipher.Decrypted d = DEFAULT.decrypt(docs, new ValueCipher(KEY));
    assertThat(d.documents().first().members().get(0)).isEqualTo(new Comment(" plain old comment"));
    assertThat(d.warnings()).containsExactly(":", "inner:");
    assertThat(d.mac()).isEqualTo(sha512(b("x")));
  }

  @Test
  void valueErrorsNameThePathNotTheValue() throws Exception {
    Documents clear = Documents.of(Mapping.of(f("db", Mapping.of(f("password", s(CANARY))))));
    assertThatThrownBy(() -> DEFAULT.decrypt(clear, new ValueCipher(KEY)))
        .isInstanceOf(SopsValueException.class).hasMessageContaining("db:password:")
        .hasMessageNotContaining(CANARY);
    Documents clearInt = Documents.of(Mapping.of(f("n", new Scalar.Int(5))));
    assertThatThrownBy(() -> DEFAULT.decrypt(clearInt, new ValueCipher(KEY)))
        .isInstanceOf(SopsValueException.class).hasMessageContaining("'n:'")
        .hasMessageContaining("expected an encrypted value");
    String enc = new ValueCipher(KEY).encrypt(s(CANARY), "a:");
    Documents moved = Documents.of(Mapping.of(f("b", s(enc))));
    assertThatThrownBy(() -> DEFAULT.decrypt(moved, new ValueCipher(KEY)))
        .as("a value moved to another key fails authentication")
        .isInstanceOf(SopsValueException.class).hasMessageContaining("'b:'")
        .hasMessageContaining("authentication failed").hasMessageNotContaining(CANARY);
  }

  @Test
  void suffixAndRegexRulesSelectValues() throws Exception {
    Documents docs = Documents.of(Mapping.of(
        f("user", s("u")), f("password_enc", s("p")),
        f("group", Mapping.of(f("token_enc", s("t")), f("name", s("n"))))));
    assertThat(clearKeys(new TreeCipher(EncryptionRules.of(EncryptionRules.Kind.ENCRYPTED_SUFFIX, "_enc"), false), docs))
        .containsExactly("user", "name");
    assertThat(clearKeys(new TreeCipher(EncryptionRules.of(EncryptionRules.Kind.ENCRYPTED_REGEX, "^pass|^gr"), false), docs))
        .containsExactly("user");
    assertThat(clearKeys(new TreeCipher(EncryptionRules.of(EncryptionRules.Kind.UNENCRYPTED_REGEX, "na"), false), docs))
        .containsExactly("name");
    assertThat(clearKeys(new TreeCipher(EncryptionRules.none(), false), docs)).isEmpty();
  }

  @Test
  void unencryptedCommentRegexKeepsMarkedCommentsAndValuesClear() throws Exception {
    TreeCipher rule = new TreeCipher(EncryptionRules.of(EncryptionRules.Kind.UNENCRYPTED_COMMENT_REGEX, "sops:nocrypt"), false);
    Documents docs = Documents.of(Mapping.of(
        new Comment(" sops:nocrypt"),
        f("visible", s("v")),
        f("hidden", s("h")),
        new Comment(" other comment")));
    Documents enc = rule.encrypt(docs, new ValueCipher(KEY)).documents();
    assertThat(enc.first().members().get(0)).isEqualTo(new Comment(" sops:nocrypt"));
    assertThat(enc.first().get("visible")).contains(s("v"));
    assertThat(str(enc.first().get("hidden").orElseThrow())).startsWith("ENC[");
    assertThat(((Comment) enc.first().members().get(3)).text()).startsWith("ENC[");
    assertThat(rule.decrypt(enc, new ValueCipher(KEY)).documents()).isEqualTo(docs);
  }

  @Test
  void encryptedCommentRegexEncryptsOnlyMarkedValuesNotTheMarker() throws Exception {
    TreeCipher rule = new TreeCipher(EncryptionRules.of(EncryptionRules.Kind.ENCRYPTED_COMMENT_REGEX, "sops:enc"), false);
    Documents docs = Documents.of(Mapping.of(
        f("visible", s("v")),
        new Comment(" sops:enc"),
        new Comment(" secret comment after the marker"),
        f("hidden", Mapping.of(f("inner", s("h")))),
        f("after", s("a"))));
    Documents enc = rule.encrypt(docs, new ValueCipher(KEY)).documents();
    Mapping doc = enc.first();
    assertThat(doc.get("visible")).contains(s("v"));
    assertThat(doc.members().get(1)).isEqualTo(new Comment(" sops:enc"));
    assertThat(((Comment) doc.members().get(2)).text()).startsWith("ENC[");
    assertThat(str(((Mapping) doc.get("hidden").orElseThrow()).get("inner").orElseThrow())).startsWith("ENC[");
    assertThat(doc.get("after")).as("the comment stack is cleared after a value").contains(s("a"));
    assertThat(rule.decrypt(enc, new ValueCipher(KEY)).documents()).isEqualTo(docs);
  }

  private static List<String> clearKeys(TreeCipher cipher, Documents docs) throws SopsValueException {
    List<String> clear = new ArrayList<>();
    collectClear(cipher.encrypt(docs, new ValueCipher(KEY)).documents().first(), clear);
    return clear;
  }

  private static void collectClear(Mapping m, List<String> clear) {
    for (Field field : m.fields()) {
      if (field.value() instanceof Mapping inner) {
        collectClear(inner, clear);
      } else if (!str(field.value()).startsWith("ENC[")) {
        clear.add(field.key());
      }
    }
  }

  @Test
  void encryptedCommentMatchingTheUnencryptedCommentRegexIsRefused() {
    TreeCipher rule = new TreeCipher(EncryptionRules.of(EncryptionRules.Kind.UNENCRYPTED_COMMENT_REGEX, "AES256"), false);
    Documents docs = Documents.of(Mapping.of(new Comment(" hello"), f("a", s("b"))));
    assertThatThrownBy(() -> rule.encrypt(docs, new ValueCipher(KEY)))
        .isInstanceOf(SopsValueException.class).hasMessageContaining("unencrypted_comment_regex");
  }

  @Test
  void identicalValuesAtOnePathShareTheStashedIvAsInSops() throws Exception {
    Documents docs = Documents.of(Mapping.of(f("list", Sequence.of(s("same"), s("same")))));
    ValueCipher cipher = new ValueCipher(KEY);
    Documents first = DEFAULT.encrypt(docs, cipher).documents();
    DEFAULT.decrypt(first, cipher);
    // Both items now have the same stashed IV: the JDK refuses a cipher instance the same key and IV
    // twice in a row, the value cipher must still produce the same text for both.
    Documents second = DEFAULT.encrypt(docs, cipher).documents();
    Sequence items = (Sequence) second.first().get("list").orElseThrow();
    assertThat(items.items().get(0)).isEqualTo(items.items().get(1));
    assertThat(DEFAULT.decrypt(second, new ValueCipher(KEY)).documents()).isEqualTo(docs);
  }
}
