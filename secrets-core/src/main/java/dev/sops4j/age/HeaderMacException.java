package dev.sops4j.age;

/** An identity unwrapped the file key but the header MAC does not verify: the header was altered. */
public final class HeaderMacException extends AgeException {
  public HeaderMacException(String message) {
    super(message);
  }
}
