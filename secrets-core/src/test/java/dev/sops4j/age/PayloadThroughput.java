package dev.sops4j.age;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Quick throughput measurement of the STREAM decrypt and encrypt paths on an in-memory payload, not a
 * test. Run from the module directory after {@code mvn test-compile}:
 * {@code java -cp target/classes:target/test-classes:<bcprov.jar> dev.sops4j.age.PayloadThroughput [MiB] [rounds] [jdk|bc]...}.
 * Each round runs sequential and parallel back to back (alternating which goes first), so both see
 * the same machine load. Prints the median MB/s (10^6 plaintext bytes per second) over the rounds, the
 * process CPU seconds per GiB (less sensitive to other load than wall time) and, for parallel, how
 * often a stream asked the pool for a helper per 1000 chunks.
 */
final class PayloadThroughput {
  private PayloadThroughput() {}

  public static void main(String[] args) throws IOException {
    int mib = args.length > 0 ? Integer.parseInt(args[0]) : 256;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    List<String> aeads = args.length > 2 ? Arrays.asList(args).subList(2, args.length) : List.of("jdk", "bc");
    byte[] key = Payload.key(new byte[16], new byte[16]);
    byte[] plain = new byte[mib * 1024 * 1024];
    Arrays.fill(plain, (byte) 0x5a);
    long chunks = (plain.length + Payload.CHUNK_SIZE - 1) / Payload.CHUNK_SIZE;
    System.out.printf(Locale.ROOT, "java %s, %d processors, %d MiB, median of %d rounds (after 1 warm-up round)%n",
        System.getProperty("java.version"), ChunkPool.THREADS, mib, rounds);
    int[] modes = {1, ChunkPool.IN_FLIGHT};
    for (String aead : aeads) {
      System.setProperty(ChunkCipher.PROPERTY, aead);
      byte[] sealed = encrypt(plain, key, ChunkPool.IN_FLIGHT);
      Stats[] dec = {new Stats(), new Stats()};
      Stats[] enc = {new Stats(), new Stats()};
      for (int round = 0; round <= rounds; round++) {
        for (int k = 0; k < 2; k++) {
          int m = (round + k) % 2;
          Stats d = round == 0 ? new Stats() : dec[m];
          Stats e = round == 0 ? new Stats() : enc[m];
          d.time(plain.length, () -> decrypt(sealed, key, modes[m]));
          e.time(plain.length, () -> encryptToNowhere(plain, key, modes[m]));
        }
      }
      for (int m = 0; m < 2; m++) {
        System.out.printf(Locale.ROOT,
            "%-3s %-10s decrypt %5.0f MB/s %5.2f cpu-s/GiB %4.0f asks/1000   encrypt %5.0f MB/s %5.2f cpu-s/GiB %4.0f asks/1000%n",
            aead, m == 0 ? "sequential" : "parallel",
            dec[m].medianMbs(), dec[m].cpuPerGib(), 1000.0 * dec[m].medianAsks() / chunks,
            enc[m].medianMbs(), enc[m].cpuPerGib(), 1000.0 * enc[m].medianAsks() / chunks);
      }
    }
  }

  private interface Run {
    /** Runs once; returns how often the stream asked the pool for a helper. */
    int run() throws IOException;
  }

  /** Wall-clock MB/s, helper requests and process CPU time of repeated runs. */
  private static final class Stats {
    final List<Double> mbs = new ArrayList<>();
    final List<Integer> asks = new ArrayList<>();
    long cpuNanos;
    long bytes;

    void time(long size, Run run) throws IOException {
      long cpu0 = cpuNanos();
      long t0 = System.nanoTime();
      asks.add(run.run());
      long wall = System.nanoTime() - t0;
      cpuNanos += cpuNanos() - cpu0;
      bytes += size;
      mbs.add(size / (wall / 1e9) / 1e6);
    }

    double medianMbs() {
      return mbs.stream().sorted().toList().get(mbs.size() / 2);
    }

    int medianAsks() {
      return asks.stream().sorted().toList().get(asks.size() / 2);
    }

    double cpuPerGib() {
      return cpuNanos / 1e9 / (bytes / (double) (1L << 30));
    }
  }

  private static long cpuNanos() {
    var os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : 0;
  }

  private static int decrypt(byte[] sealed, byte[] key, int inFlight) throws IOException {
    try (PayloadInputStream in = new PayloadInputStream(new ByteArrayInputStream(sealed), key, inFlight)) {
      byte[] buf = new byte[256 * 1024];
      while (in.read(buf) >= 0) {
        // discard
      }
      return in.helperStarts();
    }
  }

  private static int encryptToNowhere(byte[] plain, byte[] key, int inFlight) throws IOException {
    OutputStream nowhere = OutputStream.nullOutputStream();
    PayloadOutputStream enc = new PayloadOutputStream(nowhere, key, inFlight);
    try (enc) {
      enc.write(plain);
    }
    return enc.helperStarts();
  }

  private static byte[] encrypt(byte[] plain, byte[] key, int inFlight) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(plain.length + plain.length / 4096 + 64);
    try (OutputStream enc = new PayloadOutputStream(out, key, inFlight)) {
      enc.write(plain);
    }
    return out.toByteArray();
  }
}
