package dev.sops4j.cli;

import java.io.Console;
import java.lang.reflect.Method;
import java.util.Optional;

/**
 * The interactive terminal, when there is one: the source of typed passphrases. Tests pass a fake.
 */
interface Terminal {

  /** No terminal: reading a password yields nothing. */
  Terminal NONE = prompt -> Optional.empty();

  /** Prompts on the terminal and reads a line without echo; empty when there is no terminal. */
  Optional<char[]> readPassword(String prompt);

  /** True when this is a real terminal (binary output to it is refused). */
  default boolean interactive() {
    return this != NONE;
  }

  /** The process's console when stdin and stdout are a terminal, else {@link #NONE}. */
  static Terminal system() {
    Console console = System.console();
    if (console == null || !isTerminal(console)) {
      return NONE;
    }
    return prompt -> Optional.ofNullable(console.readPassword("%s", prompt));
  }

  /** JDK 22+ may return a console for redirected streams; its isTerminal() tells them apart. */
  private static boolean isTerminal(Console console) {
    try {
      Method m = Console.class.getMethod("isTerminal");
      return (Boolean) m.invoke(console);
    } catch (NoSuchMethodException e) {
      return true; // JDK < 22: a non-null console is a terminal
    } catch (ReflectiveOperationException e) {
      return false;
    }
  }
}
