package dev.sops4j.sops.format;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sops4j.sops.tree.Comment;
import dev.sops4j.sops.tree.Field;
import dev.sops4j.sops.tree.Mapping;
import dev.sops4j.sops.tree.Node;
import dev.sops4j.sops.tree.Scalar;
import dev.sops4j.sops.tree.Sequence;
import dev.sops4j.testsupport.Fixtures;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every SOPS YAML fixture reads with the values and comments the derived decryption listings name, at
 * the same AAD paths, and with its metadata; files written by sops with go-yaml v3 print back byte for
 * byte.
 */
class YamlFixturesTest {
  private static final Pattern DERIVED = Pattern.compile("^value AAD='([^']*)' type=(\\S+)");

  private final YamlStore store = new YamlStore();

  @ParameterizedTest
  @ValueSource(strings = {
      "sops/example.yaml",
      "sops/functional-tests/res/comments.enc.yaml",
      "sops/functional-tests/res/comments_unencrypted_comments.yaml",
      "sops/functional-tests/res/format.enc.yaml",
      "sops/functional-tests/res/multiple_keys.yaml",
      "sops/functional-tests/res/no_mac.yaml",
      "sops-nix/pkgs/sops-install-secrets/test-assets/secrets.yaml"})
  void readsEveryFixtureWithTheDerivedPaths(String fixture) throws Exception {
    byte[] data = Files.readAllBytes(Fixtures.path(fixture));
    EncryptedFile file = store.readEncrypted(data, fixture);

    List<String> valuePaths = new ArrayList<>();
    List<String> commentPaths = new ArrayList<>();
    int[] encrypted = {0};
    for (Mapping doc : file.documents().documents()) {
      walk(doc, "", valuePaths, commentPaths, encrypted);
    }

    List<String> expectedValues = new ArrayList<>();
    List<String> expectedComments = new ArrayList<>();
    int expectedEncrypted = 0;
    for (String line : Files.readAllLines(Fixtures.path("derived/" + derivedName(fixture)))) {
      Matcher m = DERIVED.matcher(line);
      if (!m.find()) {
        continue;
      }
      if (m.group(2).startsWith("comment")) {
        expectedComments.add(m.group(1));
      } else {
        expectedValues.add(m.group(1));
      }
      if (!m.group(2).equals("plain")) {
        expectedEncrypted++;
      }
    }
    assertThat(valuePaths).isEqualTo(expectedValues);
    assertThat(commentPaths).isEqualTo(expectedComments);
    assertThat(encrypted[0]).isEqualTo(expectedEncrypted);

    Mapping metadata = file.metadata();
    assertThat(metadata.get("mac").isPresent()).isEqualTo(!fixture.endsWith("no_mac.yaml"));
    assertThat(metadata.get("lastmodified")).get().isInstanceOf(Scalar.Str.class);
    assertThat(metadata.get("version")).get().isInstanceOf(Scalar.Str.class);
    assertThat(file.documents().first().get("sops")).isEmpty();
  }

  /** Collects AAD paths as sops builds them: map keys joined by ':', list indices left out. */
  private static void walk(Node node, String path, List<String> values, List<String> comments, int[] enc) {
    if (node instanceof Mapping m) {
      for (Mapping.Member member : m.members()) {
        if (member instanceof Comment c) {
          comment(c, path, comments, enc);
        } else {
          Field f = (Field) member;
          walk(f.value(), path + f.key() + ":", values, comments, enc);
        }
      }
    } else if (node instanceof Sequence s) {
      for (Node item : s.items()) {
        walk(item, path, values, comments, enc);
      }
    } else if (node instanceof Comment c) {
      comment(c, path, comments, enc);
    } else if (!(node instanceof Scalar.Null)) {
      values.add(path);
      if (node instanceof Scalar.Str str && str.value().startsWith("ENC[AES256_GCM,")) {
        enc[0]++;
      }
    }
  }

  private static void comment(Comment c, String path, List<String> comments, int[] enc) {
    if (c.text().startsWith("ENC[AES256_GCM,")) {
      comments.add(path.isEmpty() ? ":" : path);
      enc[0]++;
    }
  }

  private static String derivedName(String fixture) {
    String repo = fixture.startsWith("sops-nix/") ? "sops-nix" : "sops";
    String rest = fixture.substring(repo.length() + 1);
    if (repo.equals("sops-nix")) {
      rest = rest.substring(rest.lastIndexOf('/') + 1);
    }
    return repo + "__" + rest.replace("/", "__") + ".derived.txt";
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "sops-nix/pkgs/sops-install-secrets/test-assets/secrets.yaml",
      "sops/example.yaml",
      "sops/functional-tests/res/format.enc.yaml"})
  void goYamlV3FilesPrintBackByteForByte(String fixture) throws Exception {
    byte[] data = Files.readAllBytes(Fixtures.path(fixture));
    EncryptedFile file = store.readEncrypted(data, fixture);
    String written = new String(store.writeEncrypted(file.documents(), file.metadata()), StandardCharsets.UTF_8);
    assertThat(written).isEqualTo(new String(data, StandardCharsets.UTF_8));
  }

  @Test
  void olderGoYamlV2LayoutIsRewrittenInTheCurrentLayout() throws Exception {
    String fixture = "sops/functional-tests/res/comments.enc.yaml";
    byte[] data = Files.readAllBytes(Fixtures.path(fixture));
    EncryptedFile file = store.readEncrypted(data, fixture);
    String written = new String(store.writeEncrypted(file.documents(), file.metadata()), StandardCharsets.UTF_8);
    String original = new String(data, StandardCharsets.UTF_8);
    String body = original.substring(0, original.indexOf("sops:\n"));
    assertThat(written).startsWith(body + "sops:\n    kms: []\n");
    assertThat(written).contains("    lastmodified: \"2020-10-07T15:49:13Z\"\n")
        .contains("    pgp:\n        - created_at: \"2019-08-29T21:52:32Z\"\n          enc: |\n"
            + "            -----BEGIN PGP MESSAGE-----\n\n            hQEMAyUpShfNkFB/AQgAlvpTj0NYqF4mQyIeM7wX2SHLb4U07/flpqDpp2W/30Pz\n")
        .contains("            -----END PGP MESSAGE-----\n          fp: FBC7B9E2A4F9289AC0C1D4843D16CEE4A27381B4\n"
            + "    unencrypted_suffix: _unencrypted\n    version: 3.6.1\n");
  }

  @Test
  void metadataKeepsItsShapeAndTypes() throws Exception {
    String fixture = "sops-nix/pkgs/sops-install-secrets/test-assets/secrets.yaml";
    EncryptedFile file = store.readEncrypted(Files.readAllBytes(Fixtures.path(fixture)), fixture);
    Mapping md = file.metadata();
    assertThat(md.fields().stream().map(Field::key).toList()).containsExactly(
        "kms", "gcp_kms", "azure_kv", "hc_vault", "age", "lastmodified", "mac", "pgp", "unencrypted_suffix",
        "version");
    assertThat(md.get("kms")).get().isEqualTo(Sequence.of());
    Sequence age = (Sequence) md.get("age").orElseThrow();
    Mapping first = (Mapping) age.items().get(0);
    assertThat(first.get("recipient")).get()
        .isEqualTo(new Scalar.Str("age1yt3tfqlfrwdwx0z0ynwplcr6qxcxfaqycuprpmy89nr83ltx74tqdpszlw"));
    String enc = ((Scalar.Str) first.get("enc").orElseThrow()).value();
    assertThat(enc).startsWith("-----BEGIN AGE ENCRYPTED FILE-----\nYWdl").endsWith("-----END AGE ENCRYPTED FILE-----\n");
    assertThat(md.get("lastmodified")).get().isEqualTo(new Scalar.Str("2021-09-30T19:49:41Z"));
    assertThat(md.get("version")).get().isEqualTo(new Scalar.Str("3.7.1"));
  }
}
