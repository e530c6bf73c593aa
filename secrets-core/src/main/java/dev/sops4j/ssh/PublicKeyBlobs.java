package dev.sops4j.ssh;

/** Decodes the SSH wire encoding of a public key ({@code string type || key fields}). */
final class PublicKeyBlobs {
  private PublicKeyBlobs() {}

  static SshPublicKey decode(byte[] blob, String comment, String source) throws SshKeyException {
    SshWireReader r = new SshWireReader(blob, source);
    String type = r.readText("public key type");
    SshPublicKey key = switch (type) {
      case SshEd25519PublicKey.TYPE -> withSource(source, () -> {
        byte[] k = r.readString("ssh-ed25519 public key");
        return SshEd25519PublicKey.of(k, comment);
      });
      case SshRsaPublicKey.TYPE -> withSource(source, () -> {
        var e = r.readMpint("ssh-rsa public exponent");
        var n = r.readMpint("ssh-rsa modulus");
        return SshRsaPublicKey.of(n, e, comment);
      });
      default -> throw r.error("unsupported ssh key type '" + printable(type)
          + "' (supported: ssh-ed25519, ssh-rsa)");
    };
    r.expectEnd("the public key");
    return key;
  }

  /** A type name safe to put in a message: printable ASCII, at most 64 characters. */
  static String printable(String type) {
    String cut = type.length() > 64 ? type.substring(0, 64) + "…" : type;
    return cut.replaceAll("[^\\x20-\\x7E…]", "?");
  }

  /** Runs a key constructor and prefixes its error with the source. */
  static <T> T withSource(String source, KeyStep<T> step) throws SshKeyException {
    try {
      return step.run();
    } catch (SshKeyException e) {
      if (e.getMessage().startsWith(source + ": ")) {
        throw e;
      }
      throw new SshKeyException(source + ": " + e.getMessage(), e);
    }
  }

  /** A parsing step that may fail with {@link SshKeyException}. */
  @FunctionalInterface
  interface KeyStep<T> {
    T run() throws SshKeyException;
  }
}
