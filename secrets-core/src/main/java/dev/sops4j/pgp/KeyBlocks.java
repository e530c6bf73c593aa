package dev.sops4j.pgp;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.bcpg.ArmoredInputStream;
import org.bouncycastle.openpgp.PGPMarker;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPSecretKeyRing;
import org.bouncycastle.openpgp.bc.BcPGPObjectFactory;

/**
 * Reads OpenPGP key material into BouncyCastle key rings: one or more ASCII-armored blocks, or binary
 * packets (a transferable key, or the legacy {@code secring.gpg} / {@code pubring.gpg} keyrings).
 */
final class KeyBlocks {
  static final int FILE_SIZE_LIMIT = 16 << 20;
  private static final String ARMOR_BEGIN = "-----BEGIN PGP ";
  private static final String ARMOR_END = "-----END PGP ";

  /** The key rings found, in order. */
  record Rings(List<PGPSecretKeyRing> secret, List<PGPPublicKeyRing> pub) {}

  private KeyBlocks() {}

  static byte[] read(Path file) throws PgpKeyException {
    if (Files.isDirectory(file)) {
      throw new PgpKeyException(file + ": is a directory, not a key file");
    }
    try (InputStream in = Files.newInputStream(file)) {
      byte[] content = in.readNBytes(FILE_SIZE_LIMIT + 1);
      if (content.length > FILE_SIZE_LIMIT) {
        throw new PgpKeyException(file + ": larger than " + (FILE_SIZE_LIMIT >> 20) + " MiB, not a key file");
      }
      return content;
    } catch (NoSuchFileException e) {
      throw new PgpKeyException(file + ": file not found");
    } catch (IOException e) {
      if (e instanceof PgpKeyException pk) {
        throw pk;
      }
      throw new PgpKeyException(file + ": cannot read the file (" + e.getClass().getSimpleName() + ")");
    }
  }

  /** ASCII armor, possibly after other text; binary OpenPGP starts with a packet tag (high bit set). */
  static boolean isArmored(byte[] content) {
    return content.length > 0 && (content[0] & 0x80) == 0
        && new String(content, StandardCharsets.ISO_8859_1).contains(ARMOR_BEGIN);
  }

  /** Every secret and public key ring in {@code content}. */
  static Rings parse(byte[] content, String source) throws PgpKeyException {
    List<PGPSecretKeyRing> secret = new ArrayList<>();
    List<PGPPublicKeyRing> pub = new ArrayList<>();
    if (isArmored(content)) {
      for (byte[] block : dearmor(content, source)) {
        readPackets(block, source, secret, pub);
      }
    } else {
      readPackets(content, source, secret, pub);
    }
    if (secret.isEmpty() && pub.isEmpty()) {
      throw new PgpKeyException(source + ": no OpenPGP key found");
    }
    return new Rings(secret, pub);
  }

  private static List<byte[]> dearmor(byte[] content, String source) throws PgpKeyException {
    String text = new String(content, StandardCharsets.ISO_8859_1);
    List<byte[]> blocks = new ArrayList<>();
    for (int begin = text.indexOf(ARMOR_BEGIN); begin >= 0; begin = text.indexOf(ARMOR_BEGIN, begin)) {
      String where = source + ": line " + line(text, begin) + ": ";
      int beginLineEnd = text.indexOf('\n', begin);
      String beginLine = text.substring(begin, beginLineEnd < 0 ? text.length() : beginLineEnd).strip();
      if (beginLine.contains("MESSAGE") || beginLine.contains("SIGNATURE")) {
        String kind = beginLine.substring("-----BEGIN ".length()).replace("-----", "").strip();
        throw new PgpKeyException(where + "an armored " + kind + ", not a key");
      }
      int end = text.indexOf(ARMOR_END, begin);
      if (end < 0) {
        throw new PgpKeyException(where + "armored block has no END line");
      }
      int endLineEnd = text.indexOf('\n', end);
      int next = endLineEnd < 0 ? text.length() : endLineEnd + 1;
      byte[] armored = text.substring(begin, next).getBytes(StandardCharsets.ISO_8859_1);
      try (ArmoredInputStream in = new ArmoredInputStream(new ByteArrayInputStream(armored))) {
        blocks.add(in.readAllBytes());
      } catch (IOException | RuntimeException e) {
        throw new PgpKeyException(where + "broken ASCII armor (" + e.getClass().getSimpleName() + ")");
      }
      begin = next;
    }
    return blocks;
  }

  private static int line(String text, int offset) {
    int n = 1;
    for (int i = 0; i < offset; i++) {
      if (text.charAt(i) == '\n') {
        n++;
      }
    }
    return n;
  }

  private static void readPackets(byte[] packets, String source, List<PGPSecretKeyRing> secret,
      List<PGPPublicKeyRing> pub) throws PgpKeyException {
    BcPGPObjectFactory factory = new BcPGPObjectFactory(packets);
    try {
      Object o;
      while ((o = factory.nextObject()) != null) {
        if (o instanceof PGPSecretKeyRing s) {
          secret.add(s);
        } else if (o instanceof PGPPublicKeyRing p) {
          pub.add(p);
        } else if (!(o instanceof PGPMarker)) {
          throw new PgpKeyException(source + ": unexpected " + o.getClass().getSimpleName()
              + " where an OpenPGP key was expected");
        }
      }
    } catch (PgpKeyException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      throw new PgpKeyException(source + ": not a valid OpenPGP key (" + e.getClass().getSimpleName() + ")");
    }
  }
}
