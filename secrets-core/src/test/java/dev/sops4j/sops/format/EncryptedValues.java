package dev.sops4j.sops.format;

import dev.sops4j.sops.tree.Comment;
import dev.sops4j.sops.tree.Documents;
import dev.sops4j.sops.tree.Field;
import dev.sops4j.sops.tree.Mapping;
import dev.sops4j.sops.tree.Node;
import dev.sops4j.sops.tree.Scalar;
import dev.sops4j.sops.tree.Sequence;
import dev.sops4j.testsupport.Fixtures;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Test support for the format stores: walks a parsed tree for its {@code ENC[…]} values with the AAD
 * path sops builds for them (map keys joined by {@code :} plus a trailing {@code :}, list indices
 * left out, comments under the enclosing mapping's path), reads the fixture's derived listing, and
 * decrypts values with the derived data key so the key paths are checked by the GCM tag itself.
 */
final class EncryptedValues {
  private EncryptedValues() {
  }

  private static final Pattern ENC = Pattern.compile(
      "^ENC\\[AES256_GCM,data:(.+),iv:(.+),tag:(.+),type:(.+)\\]");

  /** One leaf of a tree with its AAD path; {@code comment} when it is a comment item. */
  record Leaf(String aad, Node value, boolean comment) {
    String text() {
      return value instanceof Comment c ? c.text()
          : value instanceof Scalar.Str s ? s.value() : GoText.valToString(value);
    }

    boolean encrypted() {
      return text().startsWith("ENC[");
    }
  }

  /** One derived value line: AAD, type and plaintext. */
  record DerivedValue(String aad, String type, String plaintext) {
  }

  /** The derived listing of a fixture file. */
  record Derived(byte[] dataKey, List<DerivedValue> values, String macAad, String macPlain) {
  }

  static List<Leaf> leaves(Documents documents) {
    List<Leaf> out = new ArrayList<>();
    for (Mapping m : documents.documents()) {
      walk(m, "", out);
    }
    return out;
  }

  private static void walk(Node node, String path, List<Leaf> out) {
    if (node instanceof Mapping m) {
      for (Mapping.Member member : m.members()) {
        if (member instanceof Comment c) {
          out.add(new Leaf(path.isEmpty() ? ":" : path, c, true));
        } else if (member instanceof Field f) {
          walk(f.value(), path + f.key() + ":", out);
        }
      }
    } else if (node instanceof Sequence s) {
      for (Node item : s.items()) {
        if (item instanceof Comment c) {
          out.add(new Leaf(path, c, true));
        } else {
          walk(item, path, out);
        }
      }
    } else if (!(node instanceof Scalar.Null)) {
      out.add(new Leaf(path, node, false));
    }
  }

  static Derived derived(String name) throws IOException {
    List<String> lines = Files.readAllLines(Fixtures.path("derived/" + name), StandardCharsets.UTF_8);
    byte[] key = null;
    String macAad = null;
    String macPlain = null;
    List<DerivedValue> values = new ArrayList<>();
    Pattern value = Pattern.compile("^value AAD='(.*)' type=(\\S+).* plaintext=(.*)$");
    for (String line : lines) {
      if (line.startsWith("datakey_hex=")) {
        key = HexFormat.of().parseHex(line.substring("datakey_hex=".length()));
      } else if (line.startsWith("mac_aad=")) {
        macAad = unquote(line.substring("mac_aad=".length()));
      } else if (line.startsWith("mac_plain=")) {
        macPlain = line.substring("mac_plain=".length());
      } else {
        Matcher m = value.matcher(line);
        if (m.matches()) {
          values.add(new DerivedValue(m.group(1), m.group(2), unquote(m.group(3))));
        }
      }
    }
    return new Derived(key, values, macAad, macPlain);
  }

  /** Undoes the Python-style quoting of the derived files ({@code 'x'} or {@code "x"}, backslash escapes). */
  static String unquote(String quoted) {
    String body = quoted.substring(1, quoted.length() - 1);
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < body.length(); i++) {
      char c = body.charAt(i);
      if (c != '\\') {
        sb.append(c);
        continue;
      }
      char e = body.charAt(++i);
      switch (e) {
        case 'n' -> sb.append('\n');
        case 't' -> sb.append('\t');
        case 'r' -> sb.append('\r');
        case 'x' -> {
          sb.append((char) Integer.parseInt(body.substring(i + 1, i + 3), 16));
          i += 2;
        }
        default -> sb.append(e);
      }
    }
    return sb.toString();
  }

  /** The {@code type:} of an {@code ENC[…]} value. */
  static String type(String enc) {
    Matcher m = ENC.matcher(enc);
    if (!m.find()) {
      throw new IllegalArgumentException("not an ENC value");
    }
    return m.group(4);
  }

  /** Decrypts an {@code ENC[…]} value with the data key and AAD; fails on a wrong AAD. */
  static String decrypt(String enc, byte[] key, String aad) {
    Matcher m = ENC.matcher(enc);
    if (!m.find()) {
      throw new IllegalArgumentException("not an ENC value");
    }
    try {
      Base64.Decoder b64 = Base64.getDecoder();
      byte[] data = b64.decode(m.group(1));
      byte[] tag = b64.decode(m.group(3));
      byte[] input = new byte[data.length + tag.length];
      System.arraycopy(data, 0, input, 0, data.length);
      System.arraycopy(tag, 0, input, data.length, tag.length);
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"),
          new GCMParameterSpec(128, b64.decode(m.group(2))));
      cipher.updateAAD(aad.getBytes(StandardCharsets.UTF_8));
      return new String(cipher.doFinal(input), StandardCharsets.UTF_8);
    } catch (java.security.GeneralSecurityException e) {
      throw new AssertionError("value at " + aad + " does not decrypt with this AAD", e);
    }
  }

  /**
   * Checks a parsed encrypted file against its derived listing: the encrypted values in document
   * order have the listed AAD paths, types and plaintexts (decrypting with the path proves the AAD),
   * every encrypted comment decrypts under its enclosing path, and the metadata's {@code mac}
   * decrypts under its {@code lastmodified} to the listed MAC.
   *
   * @return the number of encrypted comments found
   */
  static int assertMatchesDerived(EncryptedFile file, Derived derived) {
    List<Leaf> leaves = leaves(file.documents());
    List<DerivedValue> expected = derived.values().stream()
        .filter(v -> !v.type().startsWith("empty") && !v.type().startsWith("plain")
            && !v.type().startsWith("comment"))
        .toList();
    List<Leaf> values = leaves.stream().filter(l -> !l.comment() && l.encrypted()).toList();
    org.assertj.core.api.Assertions.assertThat(values).extracting(Leaf::aad)
        .containsExactlyElementsOf(expected.stream().map(DerivedValue::aad).toList());
    for (int i = 0; i < values.size(); i++) {
      Leaf leaf = values.get(i);
      org.assertj.core.api.Assertions.assertThat(type(leaf.text())).isEqualTo(expected.get(i).type());
      org.assertj.core.api.Assertions.assertThat(decrypt(leaf.text(), derived.dataKey(), leaf.aad()))
          .isEqualTo(expected.get(i).plaintext());
    }
    List<Leaf> clear = leaves.stream().filter(l -> !l.comment() && !l.encrypted()).toList();
    org.assertj.core.api.Assertions.assertThat(clear).extracting(Leaf::aad)
        .containsExactlyElementsOf(derived.values().stream()
            .filter(v -> v.type().startsWith("empty") || v.type().startsWith("plain"))
            .map(DerivedValue::aad).toList());
    List<Leaf> comments = leaves.stream().filter(l -> l.comment() && l.encrypted()).toList();
    List<DerivedValue> listedComments = derived.values().stream()
        .filter(v -> v.type().startsWith("comment")).toList();
    for (Leaf comment : comments) {
      String plain = decrypt(comment.text(), derived.dataKey(), comment.aad());
      org.assertj.core.api.Assertions.assertThat(type(comment.text())).isEqualTo("comment");
      if (!listedComments.isEmpty()) {
        org.assertj.core.api.Assertions.assertThat(listedComments)
            .contains(new DerivedValue(comment.aad(), listedComments.get(0).type(), plain));
      }
    }
    if (!listedComments.isEmpty()) {
      org.assertj.core.api.Assertions.assertThat(comments).hasSameSizeAs(listedComments);
    }
    Mapping md = file.metadata();
    String lastModified = ((Scalar.Str) md.get("lastmodified").orElseThrow()).value();
    org.assertj.core.api.Assertions.assertThat(lastModified).isEqualTo(derived.macAad());
    String mac = ((Scalar.Str) md.get("mac").orElseThrow()).value();
    org.assertj.core.api.Assertions.assertThat(decrypt(mac, derived.dataKey(), lastModified))
        .isEqualTo(derived.macPlain());
    return comments.size();
  }

  /** The tree with every ENC value replaced by its plaintext (str → Str, comment → Comment). */
  static Documents decryptAll(Documents documents, byte[] key) {
    List<Mapping> out = new ArrayList<>();
    for (Mapping m : documents.documents()) {
      out.add((Mapping) decryptNode(m, "", key));
    }
    return new Documents(out);
  }

  private static Node decryptNode(Node node, String path, byte[] key) {
    if (node instanceof Mapping m) {
      List<Mapping.Member> members = new ArrayList<>();
      for (Mapping.Member member : m.members()) {
        if (member instanceof Comment c) {
          members.add(c.text().startsWith("ENC[")
              ? new Comment(decrypt(c.text(), key, path.isEmpty() ? ":" : path)) : c);
        } else if (member instanceof Field f) {
          members.add(new Field(f.key(), decryptNode(f.value(), path + f.key() + ":", key)));
        }
      }
      return new Mapping(members);
    } else if (node instanceof Sequence s) {
      List<Node> items = new ArrayList<>();
      for (Node item : s.items()) {
        items.add(decryptNode(item, path, key));
      }
      return new Sequence(items);
    } else if (node instanceof Scalar.Str s && s.value().startsWith("ENC[")) {
      String plain = decrypt(s.value(), key, path);
      return switch (type(s.value())) {
        case "int" -> new Scalar.Int(Long.parseLong(plain));
        case "float" -> new Scalar.Float(Double.parseDouble(plain));
        case "bool" -> new Scalar.Bool(Boolean.parseBoolean(plain.toLowerCase()));
        default -> new Scalar.Str(plain);
      };
    }
    return node;
  }
}
