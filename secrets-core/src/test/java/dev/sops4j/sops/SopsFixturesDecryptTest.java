package dev.sops4j.sops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sops4j.age.AgeKeys;
import dev.sops4j.keys.KeyRing;
import dev.sops4j.keys.KeyRingLoader;
import dev.sops4j.sops.crypto.GoFormat;
import dev.sops4j.sops.tree.Comment;
import dev.sops4j.sops.tree.Field;
import dev.sops4j.sops.tree.Mapping;
import dev.sops4j.sops.tree.Node;
import dev.sops4j.sops.tree.Scalar;
import dev.sops4j.sops.tree.Sequence;
import dev.sops4j.testsupport.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every SOPS file of the shared fixtures (getsops and sops-nix; age and PGP master keys; YAML, JSON,
 * dotenv, INI, binary) decrypts through {@link Sops#decrypt} with its real key to exactly the values,
 * key paths and comments listed in {@code fixtures/derived}, with the MAC verified.
 */
class SopsFixturesDecryptTest {
  private static final Pattern VALUE = Pattern.compile("^value AAD='(.*)' type=(\\S+).* plaintext=(['\"])(.*)\\3$");

  @TempDir static Path emptyHome;

  static Stream<Path> derivedFiles() throws IOException {
    try (Stream<Path> files = Files.list(Fixtures.path("derived"))) {
      return files.filter(p -> p.getFileName().toString().endsWith(".derived.txt")).sorted().toList().stream();
    }
  }

  /** The fixture a derived file describes, from its first line ({@code # sops:example.yaml  format=…}). */
  private static Path sourceOf(List<String> derived) {
    String id = derived.get(0).substring(2).split("\\s+")[0];
    String repo = id.substring(0, id.indexOf(':'));
    return Fixtures.path(repo + "/" + id.substring(id.indexOf(':') + 1));
  }

  private static KeyRing keysFor(Path fixture) throws IOException {
    KeyRingLoader loader = KeyRingLoader.of(Map.of(), emptyHome).standardSources(false).strict(true);
    if (fixture.toString().contains("sops-nix")) {
      Path assets = fixture.getParent();
      return loader.keyFile(assets.resolve("age-keys.txt")).pgpKeyFile(assets.resolve("key.asc")).load();
    }
    return loader.pgpKeyFile(Fixtures.path("sops/pgp/sops_functional_tests_key.asc")).load();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("derivedFiles")
  void decryptsToTheDerivedValuesWithTheMacVerified(Path derivedFile) throws IOException {
    List<String> derived = Files.readAllLines(derivedFile);
    Path fixture = sourceOf(derived);
    boolean noMac = derived.stream().anyMatch(l -> l.startsWith("mac_check=FILE HAS NO MAC"));
    KeyRing keys = keysFor(fixture);

    if (noMac) {
      assertThatThrownBy(() -> Sops.decrypt(fixture, keys)).isInstanceOf(SopsMacException.class)
          .hasMessageContaining(fixture.toString()).hasMessageContaining("no MAC");
    }
    SopsFile file = Sops.decrypt(fixture, keys, DecryptOptions.defaults().withIgnoreMac(noMac));

    List<String> expectedValues = new ArrayList<>();
    List<String> expectedComments = new ArrayList<>();
    for (String line : derived) {
      Matcher m = VALUE.matcher(line);
      if (m.matches()) {
        String entry = m.group(1) + " = " + unescape(m.group(4));
        (m.group(2).startsWith("comment") ? expectedComments : expectedValues).add(entry);
      }
    }
    List<String> values = new ArrayList<>();
    List<String> comments = new ArrayList<>();
    for (Mapping doc : file.documents().documents()) {
      walk(doc, "", values, comments);
    }
    assertThat(values).as("values of %s", fixture).containsExactlyElementsOf(expectedValues);
    if (!expectedComments.isEmpty()) {
      assertThat(comments).as("comments of %s", fixture).containsExactlyInAnyOrderElementsOf(expectedComments);
    }
  }

  @Test
  void theSopsNixHostKeyAloneOpensTheAgeFile() throws IOException {
    Path assets = Fixtures.path("sops-nix/pkgs/sops-install-secrets/test-assets");
    KeyRing keys = KeyRingLoader.of(Map.of(), emptyHome).standardSources(false)
        .sshKeyPath(assets.resolve("ssh-ed25519-key")).strict(true).load();

    SopsFile file = Sops.decrypt(assets.resolve("secrets.yaml"), keys);

    assertThat(file.text("test_key")).isEqualTo("test_value");
    assertThat(file.text("nested/test/file")).isEqualTo("another value");
    assertThat(file.text(SopsPath.parseExtract("[\"a_list\"][1]"))).isEqualTo("e3");
  }

  @Test
  void anAgeIdentityFromTheCallerIsEnough() throws IOException {
    Path assets = Fixtures.path("sops-nix/pkgs/sops-install-secrets/test-assets");
    KeyRing keys = KeyRing.of(AgeKeys.readIdentityFile(assets.resolve("age-keys.txt"), () -> null));

    SopsFile file = Sops.decrypt(assets.resolve("secrets.yaml"), keys);

    assertThat(file.toMap()).containsEntry("test_key", "test_value");
    assertThat(file.toProperties()).containsEntry("nested.test.file", "another value")
        .containsEntry("a_list[0]", "e1");
  }

  private static void walk(Node node, String path, List<String> values, List<String> comments) {
    if (node instanceof Mapping m) {
      for (Mapping.Member member : m.members()) {
        if (member instanceof Field f) {
          walk(f.value(), path + f.key() + ":", values, comments);
        } else if (member instanceof Comment c) {
          comments.add((path.isEmpty() ? ":" : path) + " = " + c.text());
        }
      }
    } else if (node instanceof Sequence s) {
      for (Node item : s.items()) {
        walk(item, path, values, comments);
      }
    } else if (node instanceof Comment c) {
      comments.add(path + " = " + c.text());
    } else if (!(node instanceof Scalar.Null)) {
      values.add(path + " = " + text((Scalar) node));
    }
  }

  /** A value as the derived files print it (Go's MAC bytes: True/False, shortest floats). */
  private static String text(Scalar scalar) {
    if (scalar instanceof Scalar.Bool b) {
      return GoFormat.formatBool(b.value());
    }
    if (scalar instanceof Scalar.Float f) {
      return GoFormat.formatFloat(f.value());
    }
    return ScalarText.of(scalar);
  }

  private static String unescape(String s) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' && i + 1 < s.length()) {
        char n = s.charAt(++i);
        out.append(n == 'n' ? '\n' : n == 't' ? '\t' : n);
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }
}
