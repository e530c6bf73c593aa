package dev.sops4j.age;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.function.Supplier;

/**
 * Encrypts plaintext into an age STREAM payload on {@code sink}. A full 64 KiB chunk is held back
 * until more plaintext arrives (it is then sealed as non-final); {@link #close()} seals what is held
 * (empty only if nothing was written) as the final chunk, then closes the sink. Package-private.
 *
 * <p>With {@code inFlight > 1}, non-final chunks from the third on are sealed on {@link ChunkPool},
 * at most {@code inFlight} at a time, and written to the sink strictly in order from the caller's
 * thread.
 */
final class PayloadOutputStream extends OutputStream {
  private static final int INLINE_CHUNKS = 2;

  private final OutputStream sink;
  private final Supplier<ChunkCipher> cipherFactory;
  private final ConcurrentLinkedQueue<ChunkCipher> idleCiphers = new ConcurrentLinkedQueue<>();
  private final int inFlight;
  private final ArrayDeque<Slot> pipeline = new ArrayDeque<>();
  private final ArrayDeque<Slot> spare = new ArrayDeque<>();
  private Slot filling = new Slot();
  private long nextCounter;
  private IOException failure;
  private boolean closed;
  private final byte[] oneByte = new byte[1];

  PayloadOutputStream(OutputStream sink, byte[] payloadKey, int inFlight) {
    this(sink, ChunkCipher.factory(payloadKey), inFlight);
  }

  PayloadOutputStream(OutputStream sink, Supplier<ChunkCipher> cipherFactory, int inFlight) {
    if (inFlight < 1) {
      throw new IllegalArgumentException("inFlight must be at least 1, got " + inFlight);
    }
    this.sink = Objects.requireNonNull(sink, "sink");
    this.cipherFactory = Objects.requireNonNull(cipherFactory, "cipherFactory");
    this.inFlight = inFlight;
  }

  @Override
  public void write(int b) throws IOException {
    oneByte[0] = (byte) b;
    write(oneByte, 0, 1);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    Objects.checkFromIndexSize(off, len, b.length);
    ensureUsable();
    while (len > 0) {
      if (filling.plainLength == Payload.CHUNK_SIZE) {
        dispatch(filling, false);
        filling = spare.isEmpty() ? new Slot() : spare.pop();
        filling.plainLength = 0;
      }
      int n = Math.min(len, Payload.CHUNK_SIZE - filling.plainLength);
      System.arraycopy(b, off, filling.plain, filling.plainLength, n);
      filling.plainLength += n;
      off += n;
      len -= n;
    }
  }

  /** Writes every chunk sealed so far; the held-back chunk stays held until more data or close. */
  @Override
  public void flush() throws IOException {
    ensureUsable();
    drain(0);
    sink.flush();
  }

  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    try (sink) {
      if (failure != null) {
        throw failure;
      }
      dispatch(filling, true);
      drain(0);
    } finally {
      cancelPipeline();
      Arrays.fill(filling.plain, (byte) 0);
      spare.clear();
    }
  }

  private void ensureUsable() throws IOException {
    if (closed) {
      throw new IOException("age payload stream is closed");
    }
    if (failure != null) {
      throw failure;
    }
  }

  /** Seals {@code slot} (inline or on the pool) and keeps at most {@code inFlight - 1} chunks pending. */
  private void dispatch(Slot slot, boolean last) throws IOException {
    slot.counter = nextCounter++;
    slot.last = last;
    slot.task = null;
    if (inFlight > 1 && !last && slot.counter >= INLINE_CHUNKS) {
      slot.task = new FutureTask<>(() -> sealSlot(slot), null);
      ChunkPool.executor().execute(slot.task);
    } else {
      sealSlot(slot);
    }
    pipeline.add(slot);
    drain(inFlight - 1);
  }

  /** Writes finished chunks in order until at most {@code keep} remain, plus any already finished. */
  private void drain(int keep) throws IOException {
    try {
      while (!pipeline.isEmpty()) {
        Slot head = pipeline.peek();
        boolean done = head.task == null || head.task.isDone();
        if (!done && pipeline.size() <= keep) {
          return;
        }
        await(head);
        pipeline.poll();
        sink.write(head.sealed, 0, head.sealedLength);
        spare.push(head);
      }
    } catch (IOException e) {
      failure = e;
      cancelPipeline();
      throw e;
    }
  }

  private void sealSlot(Slot slot) {
    ChunkCipher cipher = idleCiphers.poll();
    if (cipher == null) {
      cipher = cipherFactory.get();
    }
    try {
      Payload.chunkNonce(slot.counter, slot.last, slot.nonce);
      slot.sealedLength = cipher.seal(slot.nonce, slot.plain, 0, slot.plainLength, slot.sealed, 0);
    } finally {
      idleCiphers.offer(cipher);
    }
  }

  private static void await(Slot slot) throws IOException {
    if (slot.task == null) {
      return;
    }
    if (!slot.task.isDone()) {
      slot.task.run(); // help: runs it here unless a pool thread already started it
    }
    try {
      slot.task.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while waiting for chunk " + slot.counter);
    } catch (ExecutionException e) {
      throw new IOException("sealing chunk " + slot.counter + " failed unexpectedly", e.getCause());
    }
  }

  private void cancelPipeline() {
    for (Slot s : pipeline) {
      if (s.task != null) {
        s.task.cancel(false);
      }
    }
    pipeline.clear();
  }

  /** One plaintext chunk and its sealed form. */
  private static final class Slot {
    final byte[] plain = new byte[Payload.CHUNK_SIZE];
    final byte[] sealed = new byte[Payload.SEALED_CHUNK_SIZE];
    final byte[] nonce = new byte[Payload.CHUNK_NONCE_SIZE];
    int plainLength;
    int sealedLength;
    long counter;
    boolean last;
    FutureTask<Void> task;
  }
}
