package dev.sops4j.age;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The small shared pool that seals and opens STREAM chunks in parallel: one daemon thread per
 * available processor, created on first use. Each stream bounds how many of its chunks are in flight,
 * so the queue stays short. Package-private.
 */
final class ChunkPool {
  /** Worker threads: the number of available processors. */
  static final int THREADS = Math.max(1, Runtime.getRuntime().availableProcessors());
  /** Chunks one stream keeps in flight when parallel: twice the worker count (at least 4). */
  static final int IN_FLIGHT = Math.max(4, 2 * THREADS);
  /** System property {@code sops4j.age.parallel=false} makes streams sequential by default. */
  static final String PROPERTY = "sops4j.age.parallel";

  private ChunkPool() {}

  /** The shared executor. */
  static ExecutorService executor() {
    return Holder.EXECUTOR;
  }

  /** Chunks in flight per stream by default: {@link #IN_FLIGHT}, or 1 (sequential) when the property says so. */
  static int defaultInFlight() {
    return Boolean.parseBoolean(System.getProperty(PROPERTY, "true")) ? IN_FLIGHT : 1;
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
}
