package dev.sops4j.sops.metadata;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sops4j.sops.crypto.EncryptionRules;
import dev.sops4j.sops.crypto.MacCheck;
import dev.sops4j.sops.crypto.ValueCipher;
import dev.sops4j.sops.tree.Field;
import dev.sops4j.sops.tree.Mapping;
import dev.sops4j.sops.tree.Node;
import dev.sops4j.sops.tree.Scalar;
import dev.sops4j.sops.tree.Sequence;
import dev.sops4j.testsupport.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The flattened metadata of the real dotenv and INI fixtures (sops 3.5 to 3.13.1, including 3.13.1's
 * multi-line INI values), unflattened here as the stores will do it: the reader finds the keys and
 * {@code lastmodified}, and the MAC opens with the derived data key.
 */
class FlatMetadataFixturesTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource({
      "sops-nix/pkgs/sops-install-secrets/test-assets/secrets.env, sops-nix__secrets.env.derived.txt, 2",
      "sops/functional-tests/res/format.enc.env, sops__functional-tests__res__format.enc.env.derived.txt, 1",
      "sops-nix/pkgs/sops-install-secrets/test-assets/secrets.ini, sops-nix__secrets.ini.derived.txt, 2",
      "sops/example.ini, sops__example.ini.derived.txt, 2",
      "sops/functional-tests/res/format.enc.ini, sops__functional-tests__res__format.enc.ini.derived.txt, 1",
      "sops/functional-tests/res/format-2.enc.ini, sops__functional-tests__res__format-2.enc.ini.derived.txt, 1",
  })
  void readsRealFlattenedMetadata(String fixture, String derived, int pgpKeys) throws Exception {
    Map<String, String> flat = fixture.endsWith(".env") ? dotenv(fixture) : ini(fixture);
    Metadata m = MetadataReader.read(unflatten(flat), fixture);
    assertThat(m.masterKeys()).hasSize(pgpKeys).allSatisfy(k -> {
      assertThat(k).isInstanceOf(PgpMasterKey.class);
      assertThat(k.enc()).startsWith("-----BEGIN PGP MESSAGE-----\n").contains("-----END PGP MESSAGE-----");
      assertThat(k.description()).matches("[0-9A-F]{40}");
    });
    assertThat(m.encryptionRule()).isEqualTo(EncryptionRules.defaults());
    assertThat(m.version()).startsWith("3.");
    Map<String, String> expected = derived(derived);
    assertThat(m.lastModified().macAdditionalData()).isEqualTo(expected.get("mac_aad"));
    ValueCipher cipher = new ValueCipher(HexFormat.of().parseHex(expected.get("datakey_hex")));
    MacCheck.verify(m.mac(), m.lastModified().time(), expected.get("mac_plain"), cipher, fixture);
  }

  private static Map<String, String> derived(String name) throws IOException {
    Map<String, String> out = new LinkedHashMap<>();
    for (String line : Files.readAllLines(Fixtures.path("derived/" + name))) {
      int eq = line.indexOf('=');
      if (!line.startsWith("value") && !line.startsWith("#") && eq > 0) {
        out.put(line.substring(0, eq), line.substring(eq + 1).replace("'", ""));
      }
    }
    return out;
  }

  /** dotenv: {@code sops_} lines, value after the first {@code =}, {@code \n} escapes. */
  private static Map<String, String> dotenv(String fixture) throws IOException {
    Map<String, String> out = new LinkedHashMap<>();
    for (String line : Files.readAllLines(Fixtures.path(fixture))) {
      if (line.startsWith("sops_")) {
        int eq = line.indexOf('=');
        out.put(line.substring("sops_".length(), eq), line.substring(eq + 1).replace("\\n", "\n"));
      }
    }
    return out;
  }

  /** INI: the {@code [sops]} section, {@code key = value}, {@code \n} escapes or 3.13.1's triple quotes. */
  private static Map<String, String> ini(String fixture) throws IOException {
    Map<String, String> out = new LinkedHashMap<>();
    List<String> lines = Files.readAllLines(Fixtures.path(fixture));
    int i = lines.indexOf("[sops]") + 1;
    assertThat(i).isPositive();
    for (; i < lines.size() && !lines.get(i).startsWith("["); i++) {
      String line = lines.get(i);
      int eq = line.indexOf('=');
      if (eq < 0) {
        continue;
      }
      String key = line.substring(0, eq).trim();
      String value = line.substring(eq + 1).trim();
      if (value.startsWith("\"\"\"")) {
        StringBuilder sb = new StringBuilder(value.substring(3));
        while (!sb.toString().endsWith("\"\"\"")) {
          sb.append('\n').append(lines.get(++i));
        }
        value = sb.substring(0, sb.length() - 3);
      }
      out.put(key, value.replace("\\n", "\n"));
    }
    return out;
  }

  /** sops' unflattening: {@code a__list_0__map_b} is {@code a[0].b}. */
  private static Mapping unflatten(Map<String, String> flat) {
    Map<String, Object> root = new LinkedHashMap<>();
    flat.forEach((key, value) -> {
      String[] parts = key.split("__");
      Object container = root;
      for (int p = 0; p < parts.length; p++) {
        boolean last = p == parts.length - 1;
        Object next = last ? value : parts[p + 1].startsWith("list_") ? new ArrayList<>() : new LinkedHashMap<>();
        container = put(container, p == 0 ? parts[p] : parts[p], next);
      }
    });
    return (Mapping) toNode(root);
  }

  @SuppressWarnings("unchecked")
  private static Object put(Object container, String part, Object next) {
    if (container instanceof Map<?, ?> map) {
      String key = part.startsWith("map_") ? part.substring(4) : part;
      return ((Map<String, Object>) map).computeIfAbsent(key, k -> next);
    }
    List<Object> list = (List<Object>) container;
    int index = Integer.parseInt(part.substring("list_".length()));
    while (list.size() <= index) {
      list.add(null);
    }
    if (list.get(index) == null) {
      list.set(index, next);
    }
    return list.get(index);
  }

  @SuppressWarnings("unchecked")
  private static Node toNode(Object value) {
    if (value instanceof Map<?, ?> map) {
      List<Mapping.Member> members = new ArrayList<>();
      ((Map<String, Object>) map).forEach((k, v) -> members.add(new Field(k, toNode(v))));
      return new Mapping(members);
    } else if (value instanceof List<?> list) {
      return new Sequence(list.stream().map(FlatMetadataFixturesTest::toNode).toList());
    }
    return new Scalar.Str((String) value);
  }
}
