package dev.sops4j.sops.crypto;

import dev.sops4j.sops.SopsValueException;
import dev.sops4j.sops.tree.Comment;
import dev.sops4j.sops.tree.Documents;
import dev.sops4j.sops.tree.Field;
import dev.sops4j.sops.tree.Mapping;
import dev.sops4j.sops.tree.Node;
import dev.sops4j.sops.tree.Scalar;
import dev.sops4j.sops.tree.Sequence;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * Walks the documents of a SOPS file in document order, decrypting or encrypting every value the
 * {@link EncryptionRules} select and computing the MAC on the way, as sops 3.12 does:
 *
 * <ul>
 *   <li>the additional data of a value is its path of map keys joined and ended by {@code :}; list
 *       indices are not part of it, comments use the path of the enclosing mapping (a top-level
 *       comment: {@code :}); nulls are never visited;
 *   <li>the MAC is SHA-512 (upper-case hex) over the Go text of every value that is not a comment,
 *       clear values included (only encrypted ones, after {@code SHA-256("sops")}, with {@code
 *       mac_only_encrypted}); a value that decrypts to a comment is not hashed (the 3.12 rule, which
 *       sops-nix uses);
 *   <li>a comment that does not decrypt is kept as it is, with a warning naming its path.
 * </ul>
 */
public final class TreeCipher {
  /** SHA-256 of {@code sops}: the MAC starts with it when only encrypted values are hashed. */
  private static final byte[] MAC_ONLY_ENCRYPTED_PREFIX = HexFormat.of().parseHex(
      "8a3fd2ad54ce66527b1034f3d147be0b0b975b3bf44f72c6fdadec8176f27d69");

  private final EncryptionRules rules;
  private final boolean macOnlyEncrypted;

  /**
   * @param rules            which values are encrypted
   * @param macOnlyEncrypted the file's {@code mac_only_encrypted}
   */
  public TreeCipher(EncryptionRules rules, boolean macOnlyEncrypted) {
    this.rules = Objects.requireNonNull(rules, "rules");
    this.macOnlyEncrypted = macOnlyEncrypted;
  }

  /**
   * The result of decrypting a file's documents.
   *
   * @param documents the plaintext documents, same shape and order
   * @param mac       the MAC computed over the plaintext (compare with the file's with {@link MacCheck})
   * @param warnings  key paths of comments that did not decrypt and were kept as they are
   */
  public record Decrypted(Documents documents, String mac, List<String> warnings) {
    public Decrypted {
      warnings = List.copyOf(warnings);
    }

    @Override
    public String toString() {
      return "Decrypted[" + documents + ", " + warnings.size() + " warnings]";
    }
  }

  /**
   * The result of encrypting documents.
   *
   * @param documents the documents with {@code ENC[…]} values
   * @param mac       the MAC over the plaintext values, to store with {@link MacCheck#encryptMac}
   */
  public record Encrypted(Documents documents, String mac) {
    @Override
    public String toString() {
      return "Encrypted[" + documents + "]";
    }
  }

  /**
   * Decrypts every selected value.
   *
   * @throws SopsValueException naming the key path of the first value that is malformed, fails
   *     authentication or should be encrypted but is clear
   */
  public Decrypted decrypt(Documents encrypted, ValueCipher cipher) throws SopsValueException {
    Walk walk = new Walk(cipher, false);
    Documents out = walk.documents(encrypted);
    return new Decrypted(out, walk.mac(), walk.warnings);
  }

  /**
   * Encrypts every selected value (unchanged values keep their ciphertext when the cipher's stash
   * knows them) and computes the MAC over the plaintext.
   *
   * @throws SopsValueException for a value that cannot be written (a timestamp outside 0..9999), or an
   *     encrypted comment that the {@code unencrypted_comment_regex} would match
   */
  public Encrypted encrypt(Documents plain, ValueCipher cipher) throws SopsValueException {
    Walk walk = new Walk(cipher, true);
    Documents out = walk.documents(plain);
    return new Encrypted(out, walk.mac());
  }

  /** The MAC of plaintext documents, without encrypting anything (what encrypt would compute). */
  public String mac(Documents plain) throws SopsValueException {
    Walk walk = new Walk(null, true);
    walk.documents(plain);
    return walk.mac();
  }

  /** One pass over the documents with its digest, path and comments stack. */
  private final class Walk {
    private final ValueCipher cipher;
    private final boolean encrypting;
    private final MessageDigest digest;
    private final List<String> path = new ArrayList<>();
    private final List<List<String>> commentsStack = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();

    Walk(ValueCipher cipher, boolean encrypting) {
      this.cipher = cipher;
      this.encrypting = encrypting;
      try {
        this.digest = MessageDigest.getInstance("SHA-512");
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("SHA-512 is missing from this JDK", e);
      }
      if (macOnlyEncrypted) {
        digest.update(MAC_ONLY_ENCRYPTED_PREFIX);
      }
    }

    String mac() {
      return HexFormat.of().withUpperCase().formatHex(digest.digest());
    }

    Documents documents(Documents in) throws SopsValueException {
      List<Mapping> out = new ArrayList<>(in.documents().size());
      for (Mapping document : in.documents()) {
        out.add(mapping(document));
      }
      return new Documents(out);
    }

    private Node value(Node node) throws SopsValueException {
      if (node instanceof Mapping m) {
        return mapping(m);
      } else if (node instanceof Sequence s) {
        return sequence(s);
      } else if (node instanceof Scalar.Null) {
        return node;
      }
      return leaf(node);
    }

    private Mapping mapping(Mapping in) throws SopsValueException {
      List<String> level = new ArrayList<>();
      commentsStack.add(level);
      List<Mapping.Member> out = new ArrayList<>(in.members().size());
      for (Mapping.Member member : in.members()) {
        if (member instanceof Comment c) {
          level.add(c.text());
          out.add(asComment(leaf(c), c));
          continue;
        }
        Field field = (Field) member;
        boolean valueIsComment = field.value() instanceof Comment;
        if (valueIsComment) {
          level.add(((Comment) field.value()).text());
        }
        path.add(field.key());
        Node value = value(field.value());
        path.remove(path.size() - 1);
        out.add(new Field(field.key(), value));
        if (!valueIsComment) {
          level.clear();
        }
      }
      commentsStack.remove(commentsStack.size() - 1);
      return new Mapping(out);
    }

    private Sequence sequence(Sequence in) throws SopsValueException {
      List<String> level = new ArrayList<>();
      commentsStack.add(level);
      List<Node> out = new ArrayList<>(in.items().size());
      for (Node item : in.items()) {
        boolean isComment = item instanceof Comment;
        if (isComment) {
          level.add(((Comment) item).text());
          out.add(asComment(value(item), (Comment) item));
          continue;
        }
        out.add(value(item));
        level.clear();
      }
      commentsStack.remove(commentsStack.size() - 1);
      return new Sequence(out);
    }

    /** The encrypted or decrypted form of {@code original}, kept where it was (inline or not). */
    private Comment asComment(Node node, Comment original) {
      // An empty comment decrypts to the empty string; a comment line holding a str value keeps
      // its text (sops turns both into a comment again).
      String text = node instanceof Comment c ? c.text() : ((Scalar.Str) node).value();
      return original.withText(text);
    }

    private String additionalData() {
      return path.isEmpty() ? ":" : String.join(":", path) + ":";
    }

    private Node leaf(Node in) throws SopsValueException {
      boolean isComment = in instanceof Comment;
      boolean encrypted = rules.shouldEncrypt(path, commentsStack, isComment);
      String aad = additionalData();
      return encrypting ? encryptLeaf(in, isComment, encrypted, aad)
          : decryptLeaf(in, isComment, encrypted, aad);
    }

    private Node encryptLeaf(Node in, boolean isComment, boolean encrypted, String aad)
        throws SopsValueException {
      if ((!macOnlyEncrypted || encrypted) && !isComment) {
        digest.update(ValueCipher.plaintext(in, aad));
      }
      if (!encrypted || cipher == null) {
        return in;
      }
      String text = cipher.encrypt(in, aad);
      if (!isComment) {
        return new Scalar.Str(text);
      }
      if (rules.unencryptedCommentMatches(text)) {
        throw new SopsValueException(aad, "an encrypted comment matches unencrypted_comment_regex; "
            + "choose an expression that cannot match ENC[…] text");
      }
      return new Comment(text);
    }

    private Node decryptLeaf(Node in, boolean isComment, boolean encrypted, String aad)
        throws SopsValueException {
      Node plain = in;
      if (encrypted && isComment) {
        try {
          plain = cipher.decrypt(((Comment) in).text(), aad);
        } catch (SopsValueException e) {
          warnings.add(aad);
          plain = in;
        }
        if (!(plain instanceof Comment) && !(plain instanceof Scalar.Str)) {
          throw new SopsValueException(aad, "a comment decrypts to a value of type "
              + ((Scalar) plain).sopsType());
        }
      } else if (encrypted) {
        if (!(in instanceof Scalar.Str s)) {
          throw new SopsValueException(aad, "expected an encrypted value, found a clear "
              + ((Scalar) in).sopsType() + " value");
        }
        plain = cipher.decrypt(s.value(), aad);
      }
      if ((!macOnlyEncrypted || encrypted) && !(plain instanceof Comment)) {
        digest.update(ValueCipher.plaintext(plain, aad));
      }
      return plain;
    }
  }
}
