package dev.sops4j.ssh;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;

/** Writes the SSH wire format (RFC 4251 §5) canonically: minimal mpints, big-endian lengths. */
final class SshWireWriter {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  SshWireWriter uint32(int v) {
    out.write(v >>> 24);
    out.write(v >>> 16);
    out.write(v >>> 8);
    out.write(v);
    return this;
  }

  SshWireWriter string(byte[] bytes) {
    uint32(bytes.length);
    out.writeBytes(bytes);
    return this;
  }

  SshWireWriter string(String text) {
    return string(text.getBytes(StandardCharsets.UTF_8));
  }

  /** A non-negative mpint: zero is the empty string, a set high bit gets a leading zero byte. */
  SshWireWriter mpint(BigInteger v) {
    if (v.signum() < 0) {
      throw new IllegalArgumentException("negative mpint");
    }
    return string(v.signum() == 0 ? new byte[0] : v.toByteArray());
  }

  byte[] toByteArray() {
    return out.toByteArray();
  }
}
