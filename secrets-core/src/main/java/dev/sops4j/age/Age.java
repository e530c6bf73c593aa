package dev.sops4j.age;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;

/**
 * Entry point of the age layer: encrypt to recipients and decrypt with identities, streaming.
 *
 * <p>STUB: owned by the format work (header, STREAM, facade). Signatures are fixed; bodies pending.
 */
public final class Age {
  private Age() {}

  /**
   * Starts an age file on {@code out} encrypted to {@code recipients}; write plaintext to the returned
   * stream and close it to finish the file (closing also closes {@code out}).
   */
  public static OutputStream encrypt(OutputStream out, List<? extends Recipient> recipients, boolean armor)
      throws IOException {
    throw new UnsupportedOperationException("pending");
  }

  /** Binary (not armored) {@link #encrypt(OutputStream, List, boolean)}. */
  public static OutputStream encrypt(OutputStream out, List<? extends Recipient> recipients) throws IOException {
    return encrypt(out, recipients, false);
  }

  /**
   * Reads the header of the age file on {@code in} (binary or armored, detected as age does), unwraps
   * the file key with the first identity that matches and verifies the header MAC. Header, no-match,
   * MAC and armor failures are thrown from here; the returned stream releases plaintext chunk by chunk
   * as each authenticates and throws {@link AgePayloadException} on a damaged payload.
   */
  public static InputStream decrypt(InputStream in, List<? extends Identity> identities) throws IOException {
    throw new UnsupportedOperationException("pending");
  }

  /** Encrypts a whole byte array (binary format). */
  public static byte[] encrypt(byte[] plaintext, List<? extends Recipient> recipients) throws IOException {
    var buf = new java.io.ByteArrayOutputStream(plaintext.length + 256);
    try (OutputStream o = encrypt(buf, recipients)) {
      o.write(plaintext);
    }
    return buf.toByteArray();
  }

  /** Decrypts a whole age file held in memory (binary or armored). */
  public static byte[] decrypt(byte[] ageFile, List<? extends Identity> identities) throws IOException {
    try (InputStream in = decrypt(new java.io.ByteArrayInputStream(ageFile), identities)) {
      return in.readAllBytes();
    }
  }
}
