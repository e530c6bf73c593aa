package dev.sops4j.bench;

import dev.sops4j.age.AgeKeys;
import dev.sops4j.age.X25519Identity;
import dev.sops4j.keys.KeyRing;
import dev.sops4j.sops.DecryptOptions;
import dev.sops4j.sops.Sops;
import dev.sops4j.sops.SopsFile;
import dev.sops4j.sops.format.Format;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * In-process time of one {@link Sops#decrypt(byte[], String, KeyRing, DecryptOptions)} (parse, recover
 * the data key from its age stanza, decrypt every value, verify the MAC) of the benchmark files of
 * {@link SopsBenchFiles}: the bytes are in memory and the key ring is built once.
 *
 * <p>With {@code -Dsops4j.bench.dir=DIR} (given to the forks with {@code -jvmArgsAppend}) it reads the
 * files and key that {@code SopsBenchFiles} wrote into DIR, so node's sops-age can time the very same
 * bytes; without it, it encrypts the same fixed-seed plaintexts to a fresh key in memory.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SopsDecryptBenchmark {
  /** Which file: {@code yaml} (1,000 values), {@code json} (10,000 values) or {@code tiny} (one value). */
  @Param({"yaml", "json"})
  public String file;

  private byte[] encrypted;
  private String source;
  private KeyRing keys;
  private DecryptOptions options;
  private int expectedValues;

  /** Reads or builds the file and the key ring, and checks that one decrypt gives the plaintext's values. */
  @Setup
  public void setUp() throws IOException {
    Format format;
    String plain;
    switch (file) {
      case "yaml" -> {
        source = SopsBenchFiles.YAML_FILE;
        format = Format.YAML;
        plain = SopsBenchFiles.yaml();
        expectedValues = 1_000;
      }
      case "json" -> {
        source = SopsBenchFiles.JSON_FILE;
        format = Format.JSON;
        plain = SopsBenchFiles.json();
        expectedValues = 10_000;
      }
      case "tiny" -> {
        source = SopsBenchFiles.TINY_FILE;
        format = Format.YAML;
        plain = SopsBenchFiles.tinyYaml();
        expectedValues = 1;
      }
      default -> throw new IllegalArgumentException("file must be yaml, json or tiny, not " + file);
    }
    options = DecryptOptions.defaults().withFormat(format);
    String dir = System.getProperty("sops4j.bench.dir");
    if (dir != null) {
      encrypted = Files.readAllBytes(Path.of(dir, source));
      keys = KeyRing.of(AgeKeys.readIdentityFile(Path.of(dir, SopsBenchFiles.KEY_FILE), () -> null));
    } else {
      X25519Identity identity = X25519Identity.generate();
      encrypted = SopsBenchFiles.encrypt(plain.getBytes(StandardCharsets.UTF_8), source, format, identity);
      keys = KeyRing.of(List.of(identity));
    }
    SopsFile decrypted = decrypt();
    if (!decrypted.documents().equals(format.store().readPlain(plain.getBytes(StandardCharsets.UTF_8), source))) {
      throw new IllegalStateException(source + " does not decrypt to the benchmark's plaintext");
    }
    if (countValues(decrypted.toMap()) != expectedValues) {
      throw new IllegalStateException(source + " has " + countValues(decrypted.toMap()) + " values, expected "
          + expectedValues);
    }
  }

  /** Decrypts the file with its MAC verified. */
  @Benchmark
  public SopsFile decrypt() throws IOException {
    return Sops.decrypt(encrypted, source, keys, options);
  }

  private static int countValues(Object node) {
    if (node instanceof java.util.Map<?, ?> map) {
      return map.values().stream().mapToInt(SopsDecryptBenchmark::countValues).sum();
    }
    if (node instanceof List<?> list) {
      return list.stream().mapToInt(SopsDecryptBenchmark::countValues).sum();
    }
    return 1;
  }
}
