package dev.sops4j.sops.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dev.sops4j.sops.SopsMacException;
import dev.sops4j.sops.SopsValueException;
import dev.sops4j.sops.tree.Comment;
import dev.sops4j.sops.tree.Documents;
import dev.sops4j.sops.tree.Field;
import dev.sops4j.sops.tree.Mapping;
import dev.sops4j.sops.tree.Node;
import dev.sops4j.sops.tree.Scalar;
import dev.sops4j.testsupport.Fixtures;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every derived fixture description: each {@code ENC[…]} string of the real sops file decrypts with
 * the listed data key under one listed AAD to the listed type and plaintext; the {@code mac} decrypts
 * to the listed MAC; the MAC computed from the listed plaintexts (Go formatting of floats and bools)
 * equals it; the file's {@code lastmodified} re-formats to the listed MAC AAD.
 */
class DerivedFixturesTest {
  private static final Pattern ENC = Pattern.compile(
      "ENC\\[AES256_GCM,data:[A-Za-z0-9+/=]*,iv:[A-Za-z0-9+/=]+,tag:[A-Za-z0-9+/=]+,type:[a-z]+\\]");
  private static final Pattern LAST_MODIFIED = Pattern.compile(
      "lastmodified[\"']?\\s*[:=]\\s*[\"']?([0-9][0-9T:.+\\-Z]+)");

  @TestFactory
  Stream<DynamicTest> everyDerivedFile() throws IOException {
    Path dir = Fixtures.path("derived");
    List<Path> files;
    try (Stream<Path> list = Files.list(dir)) {
      files = list.filter(p -> p.getFileName().toString().endsWith(".derived.txt")).sorted().toList();
    }
    assertThat(files).hasSizeGreaterThanOrEqualTo(18);
    return files.stream().map(p -> dynamicTest(p.getFileName().toString(), () -> check(p)));
  }

  private static void check(Path derivedPath) throws Exception {
    DerivedFile derived = DerivedFile.parse(derivedPath);
    String text = Files.readString(Fixtures.path(derived.sourceRelative()), StandardCharsets.UTF_8);
    ValueCipher cipher = new ValueCipher(derived.dataKey());

    List<DerivedFile.Value> expected = new ArrayList<>();
    Set<String> aads = new LinkedHashSet<>();
    for (DerivedFile.Value v : derived.values()) {
      if (!v.type().equals("plain") && !v.type().equals("empty")) {
        expected.add(v);
        aads.add(v.aad());
      }
    }
    // Comments carry the path of their enclosing mapping: every prefix of a listed path is a candidate
    // (the derived INI files do not list the comments above a section, e.g. 'Welcome!:').
    for (DerivedFile.Value v : derived.values()) {
      for (int i = v.aad().indexOf(':'); i >= 0 && i < v.aad().length() - 1; i = v.aad().indexOf(':', i + 1)) {
        aads.add(v.aad().substring(0, i + 1));
      }
    }
    aads.add(":");
    String storedMac = null;
    Matcher m = ENC.matcher(text);
    int found = 0;
    int unlistedComments = 0;
    while (m.find()) {
      found++;
      String enc = m.group();
      if (derived.macAad() != null && decrypts(cipher, enc, derived.macAad())) {
        assertThat(cipher.decrypt(enc, derived.macAad())).isEqualTo(new Scalar.Str(derived.macPlain()));
        storedMac = enc;
        continue;
      }
      DerivedFile.Value match = null;
      for (String aad : aads) {
        if (decrypts(cipher, enc, aad)) {
          DerivedFile.Value got = describe(cipher.decrypt(enc, aad), aad);
          if (got.type().equals("comment") && !expected.contains(got)) {
            unlistedComments++;
            match = got;
            break;
          }
          assertThat(expected).as("decrypted value at %s listed in %s", aad, derivedPath).contains(got);
          match = got;
          break;
        }
      }
      assertThat(match).as("ENC value #%d of %s opens with one listed AAD", found, derived.sourceRelative())
          .isNotNull();
      expected.remove(match);
    }
    assertThat(expected).as("listed encrypted values not found in " + derived.sourceRelative()).isEmpty();
    if (!derived.format().equals("ini")) {
      assertThat(unlistedComments).as("only the INI comments above a section are unlisted").isZero();
    }

    String computed = new TreeCipher(EncryptionRules.defaults(), false).mac(plaintextTree(derived));
    if (derived.noMacComputed() != null) {
      assertThat(storedMac).isNull();
      assertThat(computed).isEqualTo(derived.noMacComputed());
      assertThatThrownBy(() -> MacCheck.verify(null, OffsetDateTime.now(), computed, cipher, "no_mac.yaml"))
          .isInstanceOf(SopsMacException.class).hasMessageContaining("no_mac.yaml");
      return;
    }
    assertThat(storedMac).as("mac of " + derived.sourceRelative()).isNotNull();
    assertThat(computed).isEqualTo(derived.macPlain());

    Matcher lm = LAST_MODIFIED.matcher(text);
    assertThat(lm.find()).as("lastmodified in " + derived.sourceRelative()).isTrue();
    OffsetDateTime lastModified = GoFormat.parseRfc3339(lm.group(1)).orElseThrow();
    assertThat(MacCheck.additionalData(lastModified)).isEqualTo(derived.macAad());
    MacCheck.verify(storedMac, lastModified, computed, cipher, derived.sourceRelative());
    String tampered = computed.substring(0, 127) + (computed.endsWith("0") ? "1" : "0");
    String mac = storedMac;
    assertThatThrownBy(() -> MacCheck.verify(mac, lastModified, tampered, cipher, "f.yaml"))
        .isInstanceOf(SopsMacException.class).hasMessageContaining("f.yaml")
        .hasMessageNotContaining(computed).hasMessageNotContaining(tampered);
    assertThatThrownBy(() -> MacCheck.verify(mac, lastModified.plusSeconds(1), computed, cipher, "f.yaml"))
        .isInstanceOf(SopsMacException.class).hasMessageContaining("cannot be decrypted");
  }

  private static boolean decrypts(ValueCipher cipher, String enc, String aad) {
    try {
      cipher.decrypt(enc, aad);
      return true;
    } catch (SopsValueException e) {
      assertThat(e.getMessage()).contains("authentication failed");
      return false;
    }
  }

  /** A decrypted value as the derived files list it. */
  private static DerivedFile.Value describe(Node node, String aad) {
    if (node instanceof Comment c) {
      return new DerivedFile.Value(aad, "comment", c.text());
    } else if (node instanceof Scalar.Str s) {
      return new DerivedFile.Value(aad, "str", s.value());
    } else if (node instanceof Scalar.Float f) {
      return new DerivedFile.Value(aad, "float", GoFormat.formatFloat(f.value()));
    } else if (node instanceof Scalar.Bool b) {
      return new DerivedFile.Value(aad, "bool", GoFormat.formatBool(b.value()));
    } else if (node instanceof Scalar.Int i) {
      return new DerivedFile.Value(aad, "int", GoFormat.formatInt(i.value()));
    }
    throw new AssertionError("unexpected decrypted node " + node);
  }

  /** The listed plaintexts as a typed tree, in order (paths do not matter for the MAC). */
  private static Documents plaintextTree(DerivedFile derived) {
    List<Mapping.Member> members = new ArrayList<>();
    int i = 0;
    for (DerivedFile.Value v : derived.values()) {
      String key = "v" + i++;
      switch (v.type()) {
        case "comment" -> members.add(new Comment(v.plaintext()));
        case "float" -> members.add(new Field(key, new Scalar.Float(GoFormat.parseFloat(v.plaintext()).orElseThrow())));
        case "bool" -> members.add(new Field(key, new Scalar.Bool(GoFormat.parseBool(v.plaintext()).orElseThrow())));
        case "int" -> members.add(new Field(key, new Scalar.Int(GoFormat.parseInt(v.plaintext()).orElseThrow())));
        default -> members.add(new Field(key, new Scalar.Str(v.plaintext())));
      }
    }
    return Documents.of(new Mapping(members));
  }
}
