package dev.sops4j.age;

import java.io.IOException;

/**
 * Base of every failure the age layer reports. Each subclass is one failure class a caller can tell
 * apart (the outcome classes of the C2SP CCTV vectors). Messages never contain key material or
 * plaintext.
 */
public abstract sealed class AgeException extends IOException
    permits AgeHeaderException, NoIdentityMatchException, HeaderMacException, AgePayloadException,
        AgeArmorException, AgeKeyException {

  AgeException(String message) {
    super(message);
  }

  AgeException(String message, Throwable cause) {
    super(message, cause);
  }
}
