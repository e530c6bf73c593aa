package dev.sops4j.age;

/** The ASCII armor (PEM {@code AGE ENCRYPTED FILE}) is malformed. */
public final class AgeArmorException extends AgeException {
  public AgeArmorException(String message) {
    super(message);
  }
}
