package dev.sops4j.age;

import java.io.InterruptedIOException;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * The small shared pool that helps seal and open STREAM chunks in parallel: one daemon thread per
 * available processor, created on first use. A stream's own thread works on its chunks too, and asks
 * the pool for at most {@link #HELPERS} helpers; each stream bounds how many chunks it holds, so memory
 * stays bounded. Package-private.
 */
final class ChunkPool {
  /** Worker threads: the number of available processors. */
  static final int THREADS = Math.max(1, Runtime.getRuntime().availableProcessors());
  /** Pool helpers one stream uses besides its own thread: one fewer than the processors (at least 1). */
  static final int HELPERS = Math.max(1, THREADS - 1);
  /**
   * Chunks one stream holds when parallel (read ahead or waiting to be written): 4 per processor, from
   * 16 (about 2.3 MiB, so a helper can run ahead while the stream's thread is descheduled) to 64.
   */
  static final int IN_FLIGHT = Math.min(64, Math.max(16, 4 * THREADS));
  /** System property {@code sops4j.age.parallel}: {@code true}, {@code false} or {@code auto} (see {@link #defaultInFlight()}). */
  static final String PROPERTY = "sops4j.age.parallel";

  private ChunkPool() {}

  /** The shared executor. */
  static ExecutorService executor() {
    return Holder.EXECUTOR;
  }

  /** Unclaimed chunks that make a stream ask the pool for a helper: half the ring, at most 8. */
  static int wakeAt(int inFlight) {
    return Math.max(1, Math.min(8, inFlight / 2));
  }

  /**
   * Chunks in flight per stream by default. The property {@code sops4j.age.parallel} set to {@code true}
   * gives {@link #IN_FLIGHT}, any other value 1 (sequential). Unset (or {@code auto}), streams are
   * sequential when the payload cipher is SunJCE with its ChaCha20 and Poly1305 intrinsics (JDK 21 and
   * later with {@code sops4j.age.aead} {@code auto} or {@code jdk}). Measured on 2 cores, JDK 25, a
   * whole-process 1 GiB decrypt took 1.21 s sequential and 1.36 s parallel (the helper competes with
   * the JIT compiler during warm-up); in memory parallel won only on an idle machine (2.3 vs 2.05 GB/s)
   * and lost 20-25% under load. Otherwise (JDK 17, or other ciphers) they are parallel.
   */
  static int defaultInFlight() {
    return defaultInFlight(System.getProperty(PROPERTY, "auto"), System.getProperty(ChunkCipher.PROPERTY, "auto"),
        Runtime.version().feature());
  }

  /** {@link #defaultInFlight()} for the two property values on JDK {@code feature}. */
  static int defaultInFlight(String parallelProperty, String aeadProperty, int feature) {
    String parallel = parallelProperty.trim().toLowerCase(Locale.ROOT);
    if (parallel.equals("auto")) {
      boolean intrinsic = ChunkCipher.implementation(aeadProperty, feature).equals("jdk")
          && feature >= ChunkCipher.JDK_INTRINSICS_FEATURE;
      return intrinsic ? 1 : IN_FLIGHT;
    }
    return Boolean.parseBoolean(parallel) ? IN_FLIGHT : 1;
  }

  private static final class Holder {
    static final ExecutorService EXECUTOR = create();

    private static ExecutorService create() {
      AtomicInteger count = new AtomicInteger();
      ThreadPoolExecutor pool = new ThreadPoolExecutor(THREADS, THREADS, 30, TimeUnit.SECONDS,
          new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "sops4j-age-chunk-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
          });
      pool.allowCoreThreadTimeOut(true);
      return pool;
    }
  }

  /**
   * The chunks of one stream that are ready to be sealed or opened. The stream's own thread publishes
   * them in counter order; that thread and up to {@link #HELPERS} pool tasks claim them one at a time,
   * lowest counter first. A pool task keeps claiming until nothing is left, so a busy stream costs one
   * hand-off per burst of chunks, not one per chunk; a task is only asked for once a few chunks wait.
   * The stream's thread never waits for an unclaimed chunk: it processes it itself, so progress never
   * depends on the pool. Subclasses say how a chunk is processed and when it is done.
   */
  abstract static class SharedChunks {
    /** Spins (each a {@link Thread#onSpinWait()}) before the stream's thread parks for a helper's chunk. */
    private static final int SPINS = 128;

    private final AtomicLong claimed = new AtomicLong();
    private final AtomicInteger activeHelpers = new AtomicInteger();
    private final ConcurrentLinkedQueue<ChunkCipher> idleCiphers = new ConcurrentLinkedQueue<>();
    private final Supplier<ChunkCipher> cipherFactory;
    private final int maxHelpers;
    private final long firstShared;
    private final int wakeAt;
    private final Runnable helper = this::help;
    private volatile long published;
    private volatile Thread waiter;
    private ChunkCipher ownCipher;
    private long stoppedAt = -1;
    private int helperStarts;

    /**
     * @param cipherFactory fresh ciphers, one per thread that works on this stream
     * @param maxHelpers pool tasks at once (0 keeps everything on the stream's thread)
     * @param firstShared chunks below this counter never make the stream ask for a helper
     * @param wakeAt unclaimed chunks that make the stream ask for a helper
     */
    SharedChunks(Supplier<ChunkCipher> cipherFactory, int maxHelpers, long firstShared, int wakeAt) {
      this.cipherFactory = cipherFactory;
      this.maxHelpers = maxHelpers;
      this.firstShared = firstShared;
      this.wakeAt = Math.max(1, wakeAt);
    }

    /** Seals or opens chunk {@code counter} and marks it done; must not throw (it records failures). */
    abstract void process(long counter, ChunkCipher cipher);

    /** Whether chunk {@code counter} has been processed (a volatile read). */
    abstract boolean isDone(long counter);

    /** Stream thread: chunks below {@code upTo} may now be processed; asks for a helper when worthwhile. */
    final void publish(long upTo) {
      published = upTo;
      if (maxHelpers > 0 && upTo > firstShared && upTo - claimed.get() >= wakeAt && tryAddHelper()) {
        helperStarts++;
        executor().execute(helper);
      }
    }

    /**
     * Stream thread: returns once chunk {@code counter} (already published) is done, processing
     * unclaimed chunks meanwhile and waiting only for a chunk a helper is processing.
     */
    final void await(long counter) throws InterruptedIOException {
      int spins = 0;
      while (!isDone(counter)) {
        long c = claim();
        if (c >= 0) {
          if (ownCipher == null) {
            ownCipher = cipherFactory.get();
          }
          process(c, ownCipher);
        } else if (spins < SPINS) {
          spins++;
          Thread.onSpinWait();
        } else {
          park(counter);
          if (Thread.currentThread().isInterrupted()) {
            throw new InterruptedIOException("interrupted while waiting for chunk " + counter);
          }
        }
      }
    }

    /**
     * Stream thread: no chunk is claimed from now on; waits (ignoring interrupts) until the claimed
     * chunks from {@code from} on are done, so none is still being written to.
     */
    final void stopAndQuiesce(long from) {
      stop();
      for (long c = from; c < stoppedAt; c++) {
        while (!isDone(c)) {
          LockSupport.parkNanos(this, 50_000);
        }
      }
    }

    /** Stream thread: no chunk is claimed from now on (helpers may finish the one they hold). */
    final void stop() {
      if (stoppedAt < 0) {
        stoppedAt = Math.min(claimed.getAndSet(Long.MAX_VALUE), published);
      }
    }

    /** How many times this stream asked the pool for a helper (for tests and measurements). */
    final int helperStarts() {
      return helperStarts;
    }

    private void park(long counter) {
      waiter = Thread.currentThread();
      if (!isDone(counter)) {
        LockSupport.park(this);
      }
      waiter = null;
    }

    /** The lowest published chunk nobody has claimed, now claimed by the caller; -1 if none. */
    private long claim() {
      while (true) {
        long c = claimed.get();
        if (c >= published) {
          return -1;
        }
        if (claimed.compareAndSet(c, c + 1)) {
          return c;
        }
      }
    }

    private boolean tryAddHelper() {
      while (true) {
        int n = activeHelpers.get();
        if (n >= maxHelpers) {
          return false;
        }
        if (activeHelpers.compareAndSet(n, n + 1)) {
          return true;
        }
      }
    }

    /** A pool task: claims and processes chunks until none is left, then leaves. */
    private void help() {
      ChunkCipher cipher = idleCiphers.poll();
      if (cipher == null) {
        cipher = cipherFactory.get();
      }
      try {
        while (true) {
          long c = claim();
          if (c >= 0) {
            process(c, cipher);
            Thread w = waiter;
            if (w != null) {
              LockSupport.unpark(w);
            }
            continue;
          }
          activeHelpers.decrementAndGet();
          // a chunk published while leaving would otherwise wait for the stream's thread
          if (published - claimed.get() < wakeAt || !tryAddHelper()) {
            return;
          }
        }
      } finally {
        idleCiphers.offer(cipher);
      }
    }
  }
}
