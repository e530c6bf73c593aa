package dev.sops4j.age;

import java.io.ByteArrayInputStream;
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
import java.util.stream.Stream;
import java.util.zip.InflaterInputStream;

/**
 * One C2SP CCTV age test vector: {@code key: value} lines, an empty line, then the age file (zlib
 * compressed when {@code compressed: zlib}). Vectors with unknown keys are reported as unsupported.
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
