package dev.sops4j.sops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.sops4j.age.X25519Identity;
import dev.sops4j.keys.KeyRing;
import dev.sops4j.keys.KeyRingLoader;
import dev.sops4j.testsupport.Fixtures;
import dev.sops4j.testsupport.ProjectPaths;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Damaged and wrong SOPS files, built from real encrypted files (the demo files in {@code examples/} and
 * sops-nix's INI and binary test assets): every damage gives its own failure class, and every message
 * names the file and never shows a decrypted value or comment.
 */
class SopsBadInputTest {
  private static final Pattern ENC = Pattern.compile(
      "ENC\\[AES256_GCM,data:([A-Za-z0-9+/=]*),iv:([A-Za-z0-9+/=]+),tag:([A-Za-z0-9+/=]+),type:(\\w+)]");
  private static final Pattern LAST_MODIFIED = Pattern.compile(
      "(lastmodified\\W+\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:)(\\d\\d)");

  @TempDir static Path emptyHome;
  @TempDir Path dir;

  /** A real encrypted file, the key ring that opens it, and the secrets it holds. */
  private record Sample(String name, String text, KeyRing keys, List<String> secrets) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Arguments> samples() throws IOException {
    Path examples = ProjectPaths.root().resolve("examples");
    KeyRingLoader demo = KeyRingLoader.of(Map.of(), emptyHome).standardSources(false).strict(true)
        .keyFile(examples.resolve("demo-age-key.txt"));
    Path assets = Fixtures.path("sops-nix/pkgs/sops-install-secrets/test-assets");
    KeyRing pgp = KeyRingLoader.of(Map.of(), emptyHome).standardSources(false).strict(true)
        .pgpKeyFile(assets.resolve("key.asc")).load();
    KeyRing age = demo.load();
    return Stream.of(
        sample(examples.resolve("secrets.yaml"), age),
        sample(examples.resolve("app.json"), age),
        sample(examples.resolve("app.env"), age),
        sample(assets.resolve("secrets.ini"), pgp),
        sample(assets.resolve("secrets.bin"), pgp)).map(Arguments::of);
  }

  /** Decrypts the intact file once: its secrets are the values and comments absent from the encrypted text. */
  private static Sample sample(Path file, KeyRing keys) throws IOException {
    String text = Files.readString(file, StandardCharsets.UTF_8);
    SopsFile plain = Sops.decrypt(file, keys);
    List<String> secrets = new ArrayList<>();
    for (Object value : plain.toProperties().values()) {
      String s = value.toString().strip();
      if (s.length() >= 5 && !text.contains(s)) {
        secrets.add(s);
      }
    }
    for (String line : new String(plain.emit(), StandardCharsets.UTF_8).split("\n")) {
      String s = line.strip();
      if ((s.startsWith("#") || s.startsWith(";")) && s.length() > 12) {
        secrets.add(s.substring(1).strip());
      }
    }
    assertThat(secrets).as("secrets of %s", file).isNotEmpty();
    return new Sample(file.getFileName().toString(), text, keys, secrets);
  }

  /** Writes the damaged text under the sample's file name (the format comes from the extension). */
  private Path write(Sample sample, String text) throws IOException {
    Path file = dir.resolve(sample.name());
    Files.writeString(file, text, StandardCharsets.UTF_8);
    return file;
  }

  /** Decrypts the damaged text and returns the failure, checked to name the file and no secret. */
  private <T extends SopsException> T failure(Sample sample, String text, Class<T> type) throws IOException {
    Path file = write(sample, text);
    T e = catchThrowableOfType(() -> Sops.decrypt(file, sample.keys()), type);
    assertThat(e).as("%s should fail with %s", sample, type.getSimpleName()).isNotNull();
    assertNamesFileOnly(e, file, sample.secrets());
    return e;
  }

  private static void assertNamesFileOnly(Throwable e, Path file, List<String> secrets) {
    assertThat(e.getMessage()).startsWith(file.toString());
    for (String secret : secrets) {
      assertThat(e.getMessage()).as("message of %s", e.getClass().getSimpleName()).doesNotContain(secret);
    }
  }

  /** The text with one bit of the base64 {@code part} of an ENC value flipped (bit 0 of its middle byte). */
  private static String flipBit(String text, Matcher enc, int group) {
    byte[] bytes = Base64.getDecoder().decode(enc.group(group));
    bytes[bytes.length / 2] ^= 1;
    String flipped = Base64.getEncoder().encodeToString(bytes);
    return text.substring(0, enc.start(group)) + flipped + text.substring(enc.end(group));
  }

  /** The text before an ENC value on its line, reduced to the key it belongs to ({@code mac}, {@code sops_mac}, …). */
  private static String keyBefore(String text, int index) {
    String before = text.substring(text.lastIndexOf('\n', index - 1) + 1, index);
    return before.replaceAll("[\\s\"=:,\\-]+", "");
  }

  private static boolean isMac(String key) {
    return key.equals("mac") || key.equals("sops_mac");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("samples")
  void aFlippedBitInAnyValueIsAValueOrMacError(Sample sample) throws IOException {
    Matcher enc = ENC.matcher(sample.text());
    int values = 0;
    int macs = 0;
    int comments = 0;
    while (enc.find()) {
      String key = keyBefore(sample.text(), enc.start());
      boolean comment = enc.group(4).equals("comment");
      for (int group = 1; group <= 3; group++) {
        if (enc.group(group).isEmpty()) {
          continue;
        }
        String damaged = flipBit(sample.text(), enc, group);
        if (isMac(key)) {
          SopsMacException e = failure(sample, damaged, SopsMacException.class);
          assertThat(e.missing()).isFalse();
          macs++;
        } else if (comment) {
          // As sops: a comment that does not decrypt is kept as it is, with a warning naming its key
          // path; comments are not covered by the MAC, so the file still opens.
          SopsFile read = Sops.decrypt(write(sample, damaged), sample.keys());
          assertThat(read.warnings()).as("warnings of %s", sample).hasSize(1);
          assertThat(new String(read.emit(), StandardCharsets.UTF_8)).containsOnlyOnce("type:comment]");
          comments++;
        } else {
          SopsValueException e = failure(sample, damaged, SopsValueException.class);
          assertThat(e.getMessage()).contains(": at key '" + e.keyPath() + "': ");
          if (!key.isEmpty()) {
            assertThat(e.keyPath()).as("key path for %s", key).endsWith(key + ":");
          }
          values++;
        }
      }
    }
    assertThat(values).as("values damaged in %s", sample).isGreaterThan(0);
    assertThat(macs).isEqualTo(3);
    assertThat(comments).isEqualTo(3 * (int) ENC.matcher(sample.text()).results()
        .filter(r -> r.group(4).equals("comment")).count());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("samples")
  void twoValuesSwappedFailAtTheFirstOfThem(Sample sample) throws IOException {
    List<int[]> spans = new ArrayList<>();
    List<String> keys = new ArrayList<>();
    Matcher enc = ENC.matcher(sample.text());
    while (enc.find() && spans.size() < 2) {
      String key = keyBefore(sample.text(), enc.start());
      if (!enc.group(4).equals("comment") && !isMac(key)) {
        spans.add(new int[] {enc.start(), enc.end()});
        keys.add(key);
      }
    }
    if (spans.size() < 2) {
      return; // a binary file has one value
    }
    String t = sample.text();
    int[] a = spans.get(0);
    int[] b = spans.get(1);
    String swapped = t.substring(0, a[0]) + t.substring(b[0], b[1]) + t.substring(a[1], b[0])
        + t.substring(a[0], a[1]) + t.substring(b[1]);

    SopsValueException e = failure(sample, swapped, SopsValueException.class);

    assertThat(e.keyPath()).endsWith(keys.get(0) + ":");
    assertThat(e.getMessage()).contains("at key '" + e.keyPath() + "'");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("samples")
  void aChangedLastModifiedIsAMacError(Sample sample) throws IOException {
    Matcher m = LAST_MODIFIED.matcher(sample.text());
    assertThat(m.find()).isTrue();
    int second = Integer.parseInt(m.group(2));
    String changed = sample.text().substring(0, m.start(2)) + String.format("%02d", (second + 1) % 60)
        + sample.text().substring(m.end(2));

    SopsMacException e = failure(sample, changed, SopsMacException.class);

    assertThat(e.missing()).isFalse();
    assertThat(e.getMessage()).contains("MAC cannot be decrypted");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("samples")
  void aRemovedMacIsMissingUnlessIgnored(Sample sample) throws IOException {
    String noMac = Pattern.compile("(?m)^.*(?:\\b|_)mac\\W+ENC\\[[^\\]]*][\",]*\\n").matcher(sample.text()).replaceAll("");
    assertThat(noMac).isNotEqualTo(sample.text());

    SopsMacException e = failure(sample, noMac, SopsMacException.class);

    assertThat(e.missing()).isTrue();
    Path file = write(sample, noMac);
    SopsFile read = Sops.decrypt(file, sample.keys(), DecryptOptions.defaults().withIgnoreMac(true));
    assertThat(read.toMap()).isEqualTo(Sops.decrypt(write(sample, sample.text()), sample.keys()).toMap());
  }

  /**
   * Every cut of the file (at each line end and in the middle of each line) either fails with a SOPS
   * failure naming the file (parse failures with a line or a key path) or, when the cut loses nothing that matters
   * (a trailing newline, part of {@code version}), reads back exactly the original values.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("samples")
  void aTruncatedFileFailsOrReadsTheSameValues(Sample sample) throws IOException {
    String text = sample.text();
    Map<String, Object> original = Sops.decrypt(write(sample, text), sample.keys()).toMap();
    List<Integer> cuts = new ArrayList<>(List.of(0));
    for (int start = 0, end; (end = text.indexOf('\n', start)) >= 0; start = end + 1) {
      cuts.add(start + (end - start) / 2);
      cuts.add(end);
    }
    int failed = 0;
    for (int cut : cuts) {
      Path file = write(sample, text.substring(0, cut));
      try {
        SopsFile read = Sops.decrypt(file, sample.keys());
        assertThat(read.toMap()).as("%s cut at %d", sample, cut).isEqualTo(original);
      } catch (SopsException e) {
        failed++;
        assertNamesFileOnly(e, file, sample.secrets());
        if (e instanceof SopsParseException parse && parse.line() == 0) {
          assertThat(parse.keyPath()).as("%s cut at %d: %s", sample, cut, e.getMessage()).isNotNull();
        }
      }
    }
    assertThat(failed).isGreaterThan(cuts.size() / 2);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("samples")
  void aWrongKeyListsTheMasterKeysAndSources(Sample sample) throws IOException {
    X25519Identity wrong = X25519Identity.generate();
    Path file = write(sample, sample.text());

    SopsDataKeyException e = catchThrowableOfType(
        () -> Sops.decrypt(file, KeyRing.of(List.of(wrong))), SopsDataKeyException.class);

    assertThat(e).isNotNull();
    assertNamesFileOnly(e, file, sample.secrets());
    assertThat(e.getMessage()).contains("could not open the data key").contains("master keys tried:")
        .contains("key sources looked at:").doesNotContain(wrong.encode());
    Matcher recipient = Pattern.compile("recipient\\W+(age1[0-9a-z]+)|fp\\W+([0-9A-F]{40})").matcher(sample.text());
    assertThat(recipient.find()).isTrue();
    String masterKey = recipient.group(1) != null ? recipient.group(1) : recipient.group(2);
    assertThat(e.getMessage()).contains(masterKey);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("samples")
  void aWrongKeyFromTheEnvironmentIsListedByItsSourceOnly(Sample sample) throws IOException {
    String wrongKey = X25519Identity.generate().encode();
    KeyRing ring = KeyRingLoader.of(Map.of("SOPS_AGE_KEY", wrongKey), emptyHome).load();
    Path file = write(sample, sample.text());

    SopsDataKeyException e = catchThrowableOfType(() -> Sops.decrypt(file, ring), SopsDataKeyException.class);

    assertThat(e).isNotNull();
    assertNamesFileOnly(e, file, sample.secrets());
    assertThat(e.getMessage()).contains("SOPS_AGE_KEY (environment variable)").contains("SOPS_AGE_KEY_FILE")
        .doesNotContain(wrongKey).doesNotContain(wrongKey.substring(16, 40));
  }

  @Test
  void plainFilesInEveryFormatAreNotSopsFiles() throws IOException {
    Map<String, String> plain = Map.of(
        "plain.yaml", "password: canary-s3cret\n",
        "plain.json", "{\"password\": \"canary-s3cret\"}\n",
        "plain.env", "PASSWORD=canary-s3cret\n",
        "plain.ini", "[db]\npassword = canary-s3cret\n");
    for (Map.Entry<String, String> entry : plain.entrySet()) {
      Path file = dir.resolve(entry.getKey());
      Files.writeString(file, entry.getValue());

      assertThatThrownBy(() -> Sops.decrypt(file, KeyRing.of(List.of())))
          .as(entry.getKey()).isInstanceOf(SopsMetadataException.class)
          .hasMessageStartingWith(file.toString()).hasMessageNotContaining("canary-s3cret");
    }
  }

  static Stream<Arguments> garbage() {
    return Stream.of(
        Arguments.of("bad-indent.yaml", "a: 1\nb: canary-s3cret\n  c: 2\n", 3),
        Arguments.of("unclosed.yaml", "a: 1\nb: [canary-s3cret\nc: 2\n", 3),
        Arguments.of("tab.yaml", "a:\n\tb: canary-s3cret\n", 2),
        Arguments.of("missing-comma.json", "{\n  \"a\": 1\n  \"b\": \"canary-s3cret\"\n}\n", 3),
        Arguments.of("trailing.json", "{\n  \"a\": \"canary-s3cret\"\n}\n}\n", 4),
        Arguments.of("no-equals.env", "A=1\ncanary-s3cret\n", 2),
        Arguments.of("unclosed-section.ini", "[a]\nb = 1\n[canary-s3cret\n", 3));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("garbage")
  void garbageInEachFormatIsAParseErrorWithItsLine(String name, String text, int line) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, text);

    SopsParseException e = catchThrowableOfType(() -> Sops.decrypt(file, KeyRing.of(List.of())),
        SopsParseException.class);

    assertThat(e).as(name).isNotNull();
    assertThat(e.source()).isEqualTo(file.toString());
    assertThat(e.line()).as(e.getMessage()).isEqualTo(line);
    assertThat(e.getMessage()).startsWith(file + ":" + line + ": ").doesNotContain("canary-s3cret");
  }
}
