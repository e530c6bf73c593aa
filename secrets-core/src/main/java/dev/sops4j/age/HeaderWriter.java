package dev.sops4j.age;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.List;

/**
 * Writes an age header: the version line, each stanza ({@code ->} and its arguments, then the body in
 * 64-column canonical base64 lines, always ending with a short line, empty when the body length is a
 * multiple of 48), then {@code ---} and the MAC under the file key. Package-private.
 */
final class HeaderWriter {
  private static final int BYTES_PER_LINE = 48;

  private HeaderWriter() {}

  /** The complete header, MAC line included, for {@code stanzas} under {@code fileKey}. */
  static byte[] write(List<Stanza> stanzas, byte[] fileKey) {
    byte[] macInput = encodeWithoutMac(stanzas);
    byte[] mac = Header.computeMac(fileKey, macInput);
    ByteArrayOutputStream out = new ByteArrayOutputStream(macInput.length + 46);
    out.writeBytes(macInput);
    out.writeBytes(Header.ascii(" " + StrictBase64.encode(mac) + "\n"));
    return out.toByteArray();
  }

  /** The header bytes the MAC covers: everything through {@code ---}. */
  static byte[] encodeWithoutMac(List<Stanza> stanzas) {
    if (stanzas.isEmpty()) {
      throw new IllegalArgumentException("an age header needs at least one stanza");
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    out.writeBytes(Header.ascii(Header.VERSION_LINE + "\n"));
    for (Stanza stanza : stanzas) {
      writeStanza(out, stanza);
    }
    out.writeBytes(Header.ascii(Header.MAC_PREFIX));
    return out.toByteArray();
  }

  private static void writeStanza(ByteArrayOutputStream out, Stanza stanza) {
    StringBuilder argLine = new StringBuilder(Header.STANZA_PREFIX);
    checkArgument(stanza.type(), stanza);
    argLine.append(' ').append(stanza.type());
    for (String arg : stanza.args()) {
      checkArgument(arg, stanza);
      argLine.append(' ').append(arg);
    }
    out.writeBytes(Header.ascii(argLine.append('\n').toString()));
    byte[] body = stanza.body();
    for (int off = 0; ; off += BYTES_PER_LINE) {
      int n = Math.min(BYTES_PER_LINE, body.length - off);
      out.writeBytes(Header.ascii(StrictBase64.encode(Arrays.copyOfRange(body, off, off + n)) + "\n"));
      if (n < BYTES_PER_LINE) {
        break;
      }
    }
  }

  private static void checkArgument(String arg, Stanza stanza) {
    boolean ok = !arg.isEmpty() && arg.chars().allMatch(c -> c >= 0x21 && c <= 0x7e);
    if (!ok) {
      throw new IllegalArgumentException("cannot write " + stanza
          + ": arguments must be non-empty and made of bytes 0x21-0x7E");
    }
  }
}
