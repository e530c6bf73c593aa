package dev.sops4j.sops.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One {@code ../shared/fixtures/derived/*.derived.txt} file: the source fixture it describes, its data
 * key, every value's AAD, type and plaintext (in document order, comments listed after the values),
 * the MAC's AAD and plaintext.
 */
record DerivedFile(Path derived, String sourceRelative, String format, byte[] dataKey,
    List<Value> values, String macAad, String macPlain, String noMacComputed) {

  /** One listed value; {@code type} is str, float, bool, plain, comment or empty. */
  record Value(String aad, String type, String plaintext) {}

  private static final Pattern HEADER = Pattern.compile("# (sops|sops-nix):(\\S+)\\s+format=(\\S+).*");
  private static final Pattern VALUE =
      Pattern.compile("value AAD='(.*?)' type=([a-z]+)(?:\\([^)]*\\))? plaintext=(?:'(.*)'|\"(.*)\")");
  private static final Pattern QUOTED = Pattern.compile("[a-z_]+='(.*)'");
  private static final Pattern NO_MAC = Pattern.compile(".*computed ([0-9A-F]{128}).*");

  static DerivedFile parse(Path derived) throws IOException {
    String source = null;
    String format = null;
    byte[] key = null;
    String macAad = null;
    String macPlain = null;
    String noMac = null;
    List<Value> values = new ArrayList<>();
    for (String line : Files.readAllLines(derived)) {
      Matcher m;
      if ((m = HEADER.matcher(line)).matches()) {
        source = m.group(1) + "/" + m.group(2);
        format = m.group(3);
      } else if (line.startsWith("datakey_hex=")) {
        key = HexFormat.of().parseHex(line.substring("datakey_hex=".length()));
      } else if ((m = VALUE.matcher(line)).matches()) {
        values.add(new Value(m.group(1), m.group(2),
            unescape(m.group(3) != null ? m.group(3) : m.group(4))));
      } else if (line.startsWith("mac_aad=")) {
        Matcher q = QUOTED.matcher(line);
        assertThat(q.matches()).isTrue();
        macAad = q.group(1);
      } else if (line.startsWith("mac_plain=")) {
        macPlain = line.substring("mac_plain=".length());
      } else if ((m = NO_MAC.matcher(line)).matches() && line.startsWith("mac_check=")) {
        noMac = m.group(1);
      } else {
        assertThat(line).as("unexpected line in " + derived).matches("mac_check=OK|\\s*");
      }
    }
    assertThat(source).as("header of " + derived).isNotNull();
    assertThat(key).as("datakey_hex of " + derived).hasSize(32);
    return new DerivedFile(derived, source, format, key, values, macAad, macPlain, noMac);
  }

  private static String unescape(String text) {
    StringBuilder sb = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\\' && i + 1 < text.length()) {
        char e = text.charAt(++i);
        sb.append(e == 'n' ? '\n' : e == 't' ? '\t' : e);
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }
}
