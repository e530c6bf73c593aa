package dev.sops4j.ssh;

import java.util.Base64;
import java.util.List;

/**
 * One PEM block ({@code -----BEGIN label-----} … {@code -----END label-----}) of a key file: its label,
 * whether it carries RFC 1421 headers ({@code Proc-Type: 4,ENCRYPTED} marks an encrypted legacy key)
 * and the decoded body.
 */
record PemBlock(String label, List<String> headers, byte[] der) {

  /** Parses the first PEM block of {@code text}; text before BEGIN and after END is ignored. */
  static PemBlock parse(String text, String source) throws SshKeyException {
    String[] lines = text.split("\r?\n", -1);
    int begin = -1;
    for (int i = 0; i < lines.length; i++) {
      if (lines[i].strip().startsWith("-----BEGIN ")) {
        begin = i;
        break;
      }
    }
    if (begin < 0) {
      throw new SshKeyException(source + ": no '-----BEGIN' line: not a PEM private key file");
    }
    String beginLine = lines[begin].strip();
    if (!beginLine.endsWith("-----") || beginLine.length() <= "-----BEGIN -----".length()) {
      throw new SshKeyException(source + ": malformed BEGIN line (line " + (begin + 1) + ")");
    }
    String label = beginLine.substring("-----BEGIN ".length(), beginLine.length() - "-----".length());
    String endLine = "-----END " + label + "-----";
    List<String> headers = new java.util.ArrayList<>();
    StringBuilder body = new StringBuilder();
    for (int i = begin + 1; i < lines.length; i++) {
      String line = lines[i].strip();
      if (line.equals(endLine)) {
        return new PemBlock(label, List.copyOf(headers), decode(body, source, label));
      }
      if (line.contains(":") && body.length() == 0) {
        headers.add(line);
      } else {
        body.append(line);
      }
    }
    throw new SshKeyException(source + ": no '" + endLine + "' line");
  }

  private static byte[] decode(CharSequence base64, String source, String label) throws SshKeyException {
    try {
      return Base64.getDecoder().decode(base64.toString());
    } catch (IllegalArgumentException e) {
      throw new SshKeyException(source + ": the " + label + " block is not valid base64");
    }
  }
}
