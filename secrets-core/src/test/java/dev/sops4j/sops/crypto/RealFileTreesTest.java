package dev.sops4j.sops.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sops4j.sops.tree.Comment;
import dev.sops4j.sops.tree.Documents;
import dev.sops4j.sops.tree.Field;
import dev.sops4j.sops.tree.Mapping;
import dev.sops4j.sops.tree.Node;
import dev.sops4j.sops.tree.Scalar;
import dev.sops4j.sops.tree.Sequence;
import dev.sops4j.testsupport.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Whole trees of real sops files, rebuilt in Java with the file's {@code ENC[…]} strings in file order
 * (the stores are not needed): the walk finds every AAD, the MAC matches the file's, and re-encrypting
 * the plaintext with the same cipher reproduces the file's ciphertext exactly (IV stash).
 */
class RealFileTreesTest {
  private static final Pattern ENC = Pattern.compile("ENC\\[AES256_GCM,[^\\]]*\\]");
  private static final Pattern MAC = Pattern.compile("mac: (ENC\\[AES256_GCM,[^\\]]*\\])");
  private static final Pattern LAST_MODIFIED = Pattern.compile("lastmodified: [\"']([^\"']+)[\"']");

  /** The ENC strings of the data part (before the metadata) in file order, and the metadata. */
  private record FileParts(Iterator<String> values, String mac, OffsetDateTime lastModified) {}

  private static FileParts parts(String fixture) throws IOException {
    String text = Files.readString(Fixtures.path(fixture));
    String data = text.substring(0, text.indexOf("\nsops:"));
    List<String> values = new ArrayList<>();
    Matcher m = ENC.matcher(data);
    while (m.find()) {
      values.add(m.group());
    }
    Matcher mac = MAC.matcher(text);
    Matcher lm = LAST_MODIFIED.matcher(text);
    assertThat(mac.find() && lm.find()).isTrue();
    return new FileParts(values.iterator(), mac.group(1), GoFormat.parseRfc3339(lm.group(1)).orElseThrow());
  }

  private static byte[] key(String derived) throws IOException {
    for (String line : Files.readAllLines(Fixtures.path("derived/" + derived))) {
      if (line.startsWith("datakey_hex=")) {
        return HexFormat.of().parseHex(line.substring("datakey_hex=".length()));
      }
    }
    throw new AssertionError("no data key in " + derived);
  }

  private static Field f(String key, Node value) {
    return new Field(key, value);
  }

  private static Scalar.Str s(String value) {
    return new Scalar.Str(value);
  }

  /** sops/example.yaml (sops 3.10.2) as its YAML store reads it. */
  private static Documents exampleYaml(Iterator<String> enc) {
    return Documents.of(Mapping.of(
        f("myapp1", s(enc.next())),
        f("app2", Mapping.of(
            f("db", Mapping.of(f("user", s(enc.next())), f("password", s(enc.next())), new Comment(enc.next()))),
            f("key", s(enc.next())))),
        f("number", s(enc.next())),
        f("an_array", Sequence.of(s(enc.next()), s(enc.next()), s(enc.next()), s(enc.next()))),
        f("somebooleans", Sequence.of(s(enc.next()), s(enc.next()))),
        f("this", Mapping.of(f("is", Mapping.of(f("a", Mapping.of(f("nested", Mapping.of(
            f("value", s(enc.next())), new Comment(enc.next()), new Comment(enc.next()),
            new Comment(enc.next()))))))))),
        f("somelist_unencrypted", Sequence.of(s("all elements of this list"), s("remain in clear text"),
            s("because of the _unencrypted suffix in the key"))),
        f("nested_unencrypted", Mapping.of(f("this", Mapping.of(f("is", Mapping.of(
            f("all", s("going to remain in clear text"))))))))));
  }

  @Test
  void exampleYamlDecryptsVerifiesAndReEncryptsIdentically() throws Exception {
    FileParts file = parts("sops/example.yaml");
    Documents encrypted = exampleYaml(file.values());
    assertThat(file.values().hasNext()).as("every ENC value used").isFalse();
    ValueCipher cipher = new ValueCipher(key("sops__example.yaml.derived.txt"));
    TreeCipher trees = new TreeCipher(EncryptionRules.defaults(), false);

    TreeCipher.Decrypted plain = trees.decrypt(encrypted, cipher);
    assertThat(plain.warnings()).isEmpty();
    MacCheck.verify(file.mac(), file.lastModified(), plain.mac(), cipher, "example.yaml");
    Mapping doc = plain.documents().first();
    assertThat(doc.get("myapp1")).contains(s("t00m4nys3cr3tzupdated"));
    assertThat(doc.get("number")).contains(new Scalar.Float(1234568000));
    assertThat(doc.get("somebooleans")).contains(Sequence.of(new Scalar.Bool(true), new Scalar.Bool(false)));
    Mapping db = (Mapping) ((Mapping) doc.get("app2").orElseThrow()).get("db").orElseThrow();
    assertThat(db.members().get(2)).isEqualTo(new Comment(" private key for secret operations in app2"));

    TreeCipher.Encrypted again = trees.encrypt(plain.documents(), cipher);
    assertThat(again.mac()).isEqualTo(plain.mac());
    assertThat(again.documents()).isEqualTo(encrypted);
  }

  @Test
  void sopsNixYamlWithListsAndNesting() throws Exception {
    FileParts file = parts("sops-nix/pkgs/sops-install-secrets/test-assets/secrets.yaml");
    Iterator<String> enc = file.values();
    Documents encrypted = Documents.of(Mapping.of(
        f("test_key", s(enc.next())),
        f("a_list", Sequence.of(s(enc.next()), s(enc.next()))),
        f("nested", Mapping.of(f("test", Mapping.of(f("file", s(enc.next()))))))));
    ValueCipher cipher = new ValueCipher(key("sops-nix__secrets.yaml.derived.txt"));
    TreeCipher.Decrypted plain = new TreeCipher(EncryptionRules.defaults(), false).decrypt(encrypted, cipher);
    MacCheck.verify(file.mac(), file.lastModified(), plain.mac(), cipher, "secrets.yaml");
    assertThat(plain.documents().first().get("test_key")).contains(s("test_value"));
  }

  @Test
  void encryptedTopLevelCommentsUseTheRootPath() throws Exception {
    FileParts file = parts("sops/functional-tests/res/comments.enc.yaml");
    Iterator<String> enc = file.values();
    Documents encrypted = Documents.of(Mapping.of(new Comment(enc.next()), f("lorem", s(enc.next())),
        new Comment(enc.next()), f("dolor", s(enc.next()))));
    ValueCipher cipher = new ValueCipher(key("sops__functional-tests__res__comments.enc.yaml.derived.txt"));
    TreeCipher.Decrypted plain = new TreeCipher(EncryptionRules.defaults(), false).decrypt(encrypted, cipher);
    MacCheck.verify(file.mac(), file.lastModified(), plain.mac(), cipher, "comments.enc.yaml");
    assertThat(plain.documents().first().members().get(0)).isEqualTo(new Comment(" first comment in file"));
    assertThat(plain.warnings()).isEmpty();
  }

  @Test
  void clearCommentsFromOldSopsAreKeptWithWarnings() throws Exception {
    FileParts file = parts("sops/functional-tests/res/comments_unencrypted_comments.yaml");
    Iterator<String> enc = file.values();
    Documents encrypted = Documents.of(Mapping.of(new Comment(" first comment in file"), f("lorem", s(enc.next())),
        new Comment(" this-is-a-comment"), f("dolor", s(enc.next()))));
    ValueCipher cipher = new ValueCipher(
        key("sops__functional-tests__res__comments_unencrypted_comments.yaml.derived.txt"));
    TreeCipher.Decrypted plain = new TreeCipher(EncryptionRules.defaults(), false).decrypt(encrypted, cipher);
    MacCheck.verify(file.mac(), file.lastModified(), plain.mac(), cipher, "comments_unencrypted_comments.yaml");
    assertThat(plain.warnings()).containsExactly(":", ":");
    assertThat(plain.documents().first().members().get(2)).isEqualTo(new Comment(" this-is-a-comment"));
  }
}
