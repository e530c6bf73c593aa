package dev.sops4j.ssh;

import java.io.IOException;

/**
 * An OpenSSH key (public line or private key file) cannot be parsed or used. The message names the
 * source (file name or other label) and the problem, never key bytes. A missing or wrong passphrase is
 * the subclass {@link SshPassphraseException}.
 */
public sealed class SshKeyException extends IOException permits SshPassphraseException {
  public SshKeyException(String message) {
    super(message);
  }

  public SshKeyException(String message, Throwable cause) {
    super(message, cause);
  }
}
