package dev.sops4j.ssh;

/**
 * A passphrase-protected private key could not be opened: no passphrase was given, or the one given is
 * wrong. Callers that look at several keys (the key ring) tell the two apart with {@link #reason()}.
 * The message names the source, never the passphrase.
 */
public final class SshPassphraseException extends SshKeyException {

  /** Why the key stayed closed. */
  public enum Reason {
    /** The key is encrypted and no passphrase source was given, or it returned none. */
    MISSING,
    /** A passphrase was given and does not open the key. */
    WRONG
  }

  private final Reason reason;

  private SshPassphraseException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  /** "&lt;source&gt;: passphrase-protected &lt;format&gt; key and no passphrase given". */
  static SshPassphraseException missing(String source, String format) {
    return new SshPassphraseException(Reason.MISSING,
        source + ": passphrase-protected " + format + " key and no passphrase given", null);
  }

  /** "wrong passphrase for &lt;source&gt;"; {@code cause} must not carry the passphrase. */
  static SshPassphraseException wrong(String source, Throwable cause) {
    return new SshPassphraseException(Reason.WRONG, "wrong passphrase for " + source, cause);
  }

  /** Whether the passphrase was missing or wrong. */
  public Reason reason() {
    return reason;
  }
}
