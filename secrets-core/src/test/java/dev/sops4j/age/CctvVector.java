package dev.sops4j.age;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sops4j.testsupport.Fixtures;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;
import java.util.zip.InflaterInputStream;

/**
 * One C2SP CCTV age test vector: {@code key: value} lines, an empty line, then the age file (zlib
 * compressed when {@code compressed: zlib}). Vectors with unknown keys are reported as unsupported.
 * The one reader of the vectors for every test: whole files, armor, and stanza-level checks.
 */
record CctvVector(
    String name,
    String expect,
    Optional<String> payloadSha256,
    byte[] fileKey,
    List<String> identities,
    List<String> passphrases,
    boolean armored,
    Set<String> unknownKeys,
    byte[] ageFile) {

  static final Set<String> KNOWN_KEYS =
      Set.of("expect", "payload", "file key", "identity", "passphrase", "armored", "compressed", "comment");

  /** The shared CCTV test data folder. */
  static Path dir() {
    return Fixtures.path("cctv-age/testdata");
  }

  /** The names of the vectors that {@code filter} accepts, sorted. */
  static Stream<String> names(Predicate<String> filter) {
    try (Stream<Path> files = Files.list(dir())) {
      return files.map(p -> p.getFileName().toString()).filter(filter).sorted().toList().stream();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The vectors of one recipient type ({@code x25519}, {@code scrypt}, …) for stanza-level tests:
   * {@code type} and {@code type_*}, without the body base64 faults that only the header parser catches.
   */
  static Stream<String> stanzaVectorNames(String type) {
    return names(n -> (n.equals(type) || n.startsWith(type + "_")) && !n.endsWith("_not_canonical_body"));
  }

  /** The vector called {@code name} in {@link #dir()}. */
  static CctvVector load(String name) {
    return read(dir().resolve(name));
  }

  /** Every vector in {@code dir}, sorted by name. */
  static List<CctvVector> all(Path dir) {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(Files::isRegularFile).sorted().map(CctvVector::read).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static CctvVector read(Path file) {
    try {
      byte[] all = Files.readAllBytes(file);
      int split = indexOf(all, new byte[] {'\n', '\n'});
      if (split < 0) {
        throw new IllegalArgumentException(file + ": no empty line after the vector header");
      }
      String head = new String(all, 0, split, StandardCharsets.UTF_8);
      byte[] body = java.util.Arrays.copyOfRange(all, split + 2, all.length);
      String expect = null;
      Optional<String> payload = Optional.empty();
      byte[] fileKey = null;
      List<String> identities = new ArrayList<>();
      List<String> passphrases = new ArrayList<>();
      boolean armored = false;
      boolean compressed = false;
      Set<String> unknown = new java.util.TreeSet<>();
      for (String line : head.split("\n")) {
        int colon = line.indexOf(": ");
        if (colon < 0) {
          throw new IllegalArgumentException(file + ": bad header line " + line);
        }
        String key = line.substring(0, colon);
        String value = line.substring(colon + 2);
        switch (key) {
          case "expect" -> expect = value;
          case "payload" -> payload = Optional.of(value);
          case "file key" -> fileKey = HexFormat.of().parseHex(value);
          case "identity" -> identities.add(value);
          case "passphrase" -> passphrases.add(value);
          case "armored" -> armored = value.equals("yes");
          case "compressed" -> compressed = value.equals("zlib");
          case "comment" -> { }
          default -> unknown.add(key);
        }
      }
      if (compressed) {
        try (InflaterInputStream in = new InflaterInputStream(new ByteArrayInputStream(body))) {
          body = in.readAllBytes();
        }
      }
      return new CctvVector(file.getFileName().toString(), expect, payload, fileKey, identities, passphrases,
          armored, unknown, body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The stanzas of the binary file's header, read by a small test-only reader (argument lines, body
   * lines decoded strictly), so that stanza-level tests do not depend on the header parser.
   */
  List<Stanza> stanzas() throws AgeHeaderException {
    String[] lines = new String(ageFile, StandardCharsets.ISO_8859_1).split("\n", -1);
    if (!lines[0].equals("age-encryption.org/v1")) {
      throw new IllegalStateException(name + ": not a binary v1 vector");
    }
    List<Stanza> stanzas = new ArrayList<>();
    int i = 1;
    while (!lines[i].startsWith("---")) {
      String[] args = lines[i].substring(3).split(" ", -1);
      i++;
      ByteArrayOutputStream body = new ByteArrayOutputStream();
      while (true) {
        String line = lines[i++];
        body.writeBytes(StrictBase64.decode(line)
            .orElseThrow(() -> new AgeHeaderException("test reader: bad body line")));
        if (line.length() < 64) {
          break;
        }
      }
      stanzas.add(new Stanza(args[0], List.of(args).subList(1, args.length), body.toByteArray()));
    }
    return stanzas;
  }

  /** The identity lines as age parses them (X25519 or post-quantum), then one scrypt identity per passphrase. */
  List<Identity> parsedIdentities() throws AgeKeyException {
    List<Identity> out = new ArrayList<>();
    for (String identity : identities) {
      out.add(AgeKeys.parseIdentity(identity));
    }
    for (String passphrase : passphrases) {
      out.add(new ScryptIdentity(passphrase.getBytes(StandardCharsets.UTF_8)));
    }
    return out;
  }

  /** Checks the vector's expectation as far as its identities decide it, on {@link #stanzas()}. */
  void checkStanzaOutcome() throws AgeException {
    List<Identity> identities = parsedIdentities();
    List<Stanza> stanzas = stanzas();
    switch (expect) {
      case "header failure" -> assertThatThrownBy(() -> unwrapAny(identities, stanzas))
          .as(name).isInstanceOf(AgeHeaderException.class);
      case "no match" -> assertThat(unwrapAny(identities, stanzas)).as(name).isEmpty();
      default -> assertThat(unwrapAny(identities, stanzas)).as(name).hasValue(fileKey);
    }
  }

  private static Optional<byte[]> unwrapAny(List<Identity> identities, List<Stanza> stanzas) throws AgeException {
    for (Identity identity : identities) {
      Optional<byte[]> key = identity.unwrap(stanzas);
      if (key.isPresent()) {
        return key;
      }
    }
    return Optional.empty();
  }

  private static int indexOf(byte[] data, byte[] pattern) {
    outer:
    for (int i = 0; i + pattern.length <= data.length; i++) {
      for (int j = 0; j < pattern.length; j++) {
        if (data[i + j] != pattern[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  @Override
  public String toString() {
    return name;
  }
}
