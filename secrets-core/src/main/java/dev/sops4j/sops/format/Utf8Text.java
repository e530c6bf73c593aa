package dev.sops4j.sops.format;

import dev.sops4j.sops.SopsParseException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Strict UTF-8 decoding of a text file, naming the line of the first invalid byte. */
final class Utf8Text {
  private Utf8Text() {
  }

  /**
   * Decodes {@code data} as UTF-8.
   *
   * @throws SopsParseException naming the source and line when a byte sequence is not valid UTF-8
   */
  static String decode(byte[] data, String source) throws SopsParseException {
    CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(data);
    CharBuffer out = CharBuffer.allocate(data.length + 1);
    CoderResult result = decoder.decode(in, out, true);
    if (result.isError()) {
      int line = 1;
      for (int i = 0; i < in.position(); i++) {
        if (data[i] == '\n') {
          line++;
        }
      }
      throw new SopsParseException(source, line, null, "the file is not valid UTF-8 text");
    }
    decoder.flush(out);
    out.flip();
    return out.toString();
  }
}
