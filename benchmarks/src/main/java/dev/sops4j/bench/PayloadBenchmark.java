package dev.sops4j.bench;

import dev.sops4j.age.Age;
import dev.sops4j.age.Identity;
import dev.sops4j.age.Recipient;
import dev.sops4j.age.X25519Identity;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Random;
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
 * Throughput of the age payload through the public facade, in memory: one operation encrypts or
 * decrypts {@link #SIZE} bytes (64 MiB), so MB/s = 67.1 / (seconds per operation). The
 * * {@code cipher} parameter selects the payload AEAD ({@code sops4j.age.aead}: SunJCE, sops4j's own or BouncyCastle),
 * {@code parallel} whether chunks run on the core's thread pool ({@code sops4j.age.parallel}). The
 * core reads both properties per stream; JMH forks a fresh JVM per parameter combination.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class PayloadBenchmark {
  /** Plaintext size of one operation. */
  public static final int SIZE = 64 << 20;

  @Param({"jdk", "java", "bc"})
  public String cipher;

  @Param({"true", "false"})
  public String parallel;

  private List<Recipient> recipients;
  private List<Identity> identities;
  private byte[] plaintext;
  private byte[] ciphertext;
  private byte[] sink;

  @Setup
  public void setUp() throws IOException {
    System.setProperty("sops4j.age.aead", cipher);
    System.setProperty("sops4j.age.parallel", parallel);
    X25519Identity identity = X25519Identity.generate();
    identities = List.of(identity);
    recipients = List.of(identity.recipient());
    plaintext = new byte[SIZE];
    new Random(1).nextBytes(plaintext);
    ciphertext = Age.encrypt(plaintext, recipients);
    sink = new byte[1 << 20];
  }

  /** Decrypts the 64 MiB file, reading the plaintext in 1 MiB reads. Returns the byte count. */
  @Benchmark
  public long decrypt() throws IOException {
    long total = 0;
    try (InputStream in = Age.decrypt(new ByteArrayInputStream(ciphertext), identities)) {
      for (int n; (n = in.read(sink)) != -1; ) {
        total += n;
      }
    }
    if (total != SIZE) {
      throw new IllegalStateException("decrypted " + total + " bytes, expected " + SIZE);
    }
    return total;
  }

  /** Encrypts 64 MiB in 1 MiB writes into a discarding stream. */
  @Benchmark
  public void encrypt() throws IOException {
    try (OutputStream out = Age.encrypt(OutputStream.nullOutputStream(), recipients, false)) {
      for (int off = 0; off < SIZE; off += sink.length) {
        out.write(plaintext, off, sink.length);
      }
    }
  }
}
