package dev.sops4j.sops;

import java.io.IOException;

/**
 * Base of every failure the SOPS layer reports, one subclass per failure class. Messages name the
 * file, the line or key path, and the master keys involved, never a value or key material.
 */
public abstract sealed class SopsException extends IOException
    permits SopsParseException, SopsMetadataException, SopsMacException, SopsDataKeyException,
        SopsValueException, SopsPathException, SopsConfigException {

  SopsException(String message) {
    super(message);
  }

  SopsException(String message, Throwable cause) {
    super(message, cause);
  }
}
