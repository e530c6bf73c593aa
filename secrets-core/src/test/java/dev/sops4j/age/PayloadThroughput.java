package dev.sops4j.age;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.Locale;

/**
 * Quick throughput measurement of the STREAM decrypt (and encrypt) path on an in-memory payload, not a
 * test. Run from the module directory after {@code mvn test-compile}:
 * {@code java -cp target/classes:target/test-classes:<bcprov.jar> dev.sops4j.age.PayloadThroughput [MiB] [rounds]}.
 * Prints MB/s (10^6 bytes of plaintext per second) for sequential and parallel, JDK and BC ciphers.
 */
final class PayloadThroughput {
  private PayloadThroughput() {}

  public static void main(String[] args) throws IOException {
    int mib = args.length > 0 ? Integer.parseInt(args[0]) : 256;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    byte[] key = Payload.key(new byte[16], new byte[16]);
    byte[] plain = new byte[mib * 1024 * 1024];
    Arrays.fill(plain, (byte) 0x5a);
    System.out.printf(Locale.ROOT, "java %s, %d processors, %d MiB, best of %d rounds (after 1 warm-up)%n",
        System.getProperty("java.version"), ChunkPool.THREADS, mib, rounds);
    for (String aead : new String[] {"jdk", "bc"}) {
      System.setProperty(ChunkCipher.PROPERTY, aead);
      byte[] sealed = encrypt(plain, key, ChunkPool.IN_FLIGHT);
      for (int inFlight : new int[] {1, ChunkPool.IN_FLIGHT}) {
        String mode = inFlight == 1 ? "sequential" : "parallel";
        double dec = best(rounds, () -> decrypt(sealed, key, inFlight), plain.length);
        double enc = best(rounds, () -> encryptToNowhere(plain, key, inFlight), plain.length);
        System.out.printf(Locale.ROOT, "%-3s %-10s decrypt %7.0f MB/s   encrypt %7.0f MB/s%n", aead, mode, dec, enc);
      }
    }
  }

  private interface Run {
    Object run() throws IOException;
  }

  /** Best MB/s over the rounds; also prints the CPU cores busy on average (process CPU time / wall time). */
  private static double best(int rounds, Run run, long bytes) throws IOException {
    run.run();
    double best = 0;
    long cpu0 = cpuNanos();
    long wall0 = System.nanoTime();
    for (int i = 0; i < rounds; i++) {
      long t0 = System.nanoTime();
      run.run();
      double seconds = (System.nanoTime() - t0) / 1e9;
      best = Math.max(best, bytes / seconds / 1e6);
    }
    System.out.printf(Locale.ROOT, "  [%.2f cores busy]", (double) (cpuNanos() - cpu0) / (System.nanoTime() - wall0));
    return best;
  }

  private static long cpuNanos() {
    var os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : 0;
  }

  private static long decrypt(byte[] sealed, byte[] key, int inFlight) throws IOException {
    long total = 0;
    try (InputStream in = new PayloadInputStream(new ByteArrayInputStream(sealed), key, inFlight)) {
      byte[] buf = new byte[256 * 1024];
      for (int n; (n = in.read(buf)) >= 0; ) {
        total += n;
      }
    }
    return total;
  }

  private static long encryptToNowhere(byte[] plain, byte[] key, int inFlight) throws IOException {
    long[] count = new long[1];
    OutputStream nowhere = new OutputStream() {
      @Override
      public void write(int b) {
        count[0]++;
      }

      @Override
      public void write(byte[] b, int off, int len) {
        count[0] += len;
      }
    };
    try (OutputStream enc = new PayloadOutputStream(nowhere, key, inFlight)) {
      enc.write(plain);
    }
    return count[0];
  }

  private static byte[] encrypt(byte[] plain, byte[] key, int inFlight) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(plain.length + plain.length / 4096 + 64);
    try (OutputStream enc = new PayloadOutputStream(out, key, inFlight)) {
      enc.write(plain);
    }
    return out.toByteArray();
  }
}
