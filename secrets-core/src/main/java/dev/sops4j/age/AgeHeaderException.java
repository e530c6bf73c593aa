package dev.sops4j.age;

/** The header is malformed: bad version line, bad stanza, bad MAC line, or a stanza of a known type with a bad shape. */
public final class AgeHeaderException extends AgeException {
  public AgeHeaderException(String message) {
    super(message);
  }

  public AgeHeaderException(String message, Throwable cause) {
    super(message, cause);
  }
}
