package dev.sops4j.maven;

import dev.sops4j.age.AgeException;
import dev.sops4j.pgp.PgpException;
import dev.sops4j.sops.SopsException;
import dev.sops4j.ssh.SshKeyException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;

/**
 * Turns core failures into Maven's two kinds: a problem with the project's files, keys or
 * configuration is a {@link MojoFailureException} (build FAILURE); anything else the machine did
 * is a {@link MojoExecutionException} (build ERROR). Core messages carry no secret value or key
 * material, and every message here names the file.
 */
final class Failures {
  private Failures() {}

  /**
   * The Maven exception for {@code e}, raised while working on {@code file}.
   *
   * @return a {@link MojoFailureException} or a {@link MojoExecutionException}, to be thrown
   */
  static Exception of(Path file, IOException e) {
    String message = withFile(file, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
    if (e instanceof SopsException || e instanceof AgeException || e instanceof PgpException
        || e instanceof SshKeyException) {
      return new MojoFailureException(message, e);
    }
    if (e instanceof NoSuchFileException) {
      return new MojoFailureException(withFile(file, "no such file: " + e.getMessage()), e);
    }
    if (e instanceof FileAlreadyExistsException) {
      return new MojoFailureException(withFile(file, "the file exists already and is never overwritten"), e);
    }
    if (e instanceof AccessDeniedException) {
      return new MojoExecutionException(withFile(file, "access denied: " + e.getMessage()), e);
    }
    return new MojoExecutionException(message, e);
  }

  /** Throws {@link #of(Path, IOException)}. */
  static void raise(Path file, IOException e) throws MojoExecutionException, MojoFailureException {
    Exception mapped = of(file, e);
    if (mapped instanceof MojoFailureException f) {
      throw f;
    }
    throw (MojoExecutionException) mapped;
  }

  /** A configuration problem with {@code file}. */
  static MojoFailureException configuration(Path file, String problem) {
    return new MojoFailureException(withFile(file, problem));
  }

  /** {@code message}, prefixed with the file unless it names it already. */
  static String withFile(Path file, String message) {
    String name = file.toString();
    return message.contains(name) ? message : name + ": " + message;
  }
}
