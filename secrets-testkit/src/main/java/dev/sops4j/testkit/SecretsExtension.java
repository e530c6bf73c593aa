package dev.sops4j.testkit;

import dev.sops4j.age.MlKem768X25519Identity;
import dev.sops4j.age.SshEd25519Identity;
import dev.sops4j.age.X25519Identity;
import dev.sops4j.keys.KeyRing;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * JUnit 5 extension giving tests throwaway secrets infrastructure by parameter resolution:
 *
 * <ul>
 *   <li>{@link X25519Identity}, {@link MlKem768X25519Identity}, {@link SshKeyPair} and
 *       {@link SshEd25519Identity}: fresh keys (the same objects within one test);</li>
 *   <li>{@link KeyRing}: a ring with exactly those keys, read from a fake home directory, never from
 *       the machine ({@code SOPS_AGE_KEY*}, {@code ~/.config/sops}, {@code ~/.ssh} are not looked at);</li>
 *   <li>{@link TestKeys}: all of the above plus the fake home and an environment pointing at it;</li>
 *   <li>{@link SopsFixtures}: writes SOPS files encrypted to those keys;</li>
 *   <li>{@link InstallFixtures}: runs the install engine into the runtime directory with those keys;</li>
 *   <li>a {@code Path} annotated {@link RuntimeDir @RuntimeDir}: an empty directory for the test.</li>
 * </ul>
 *
 * <p>Use it declaratively with {@link SecretsTest @SecretsTest} (or {@code @ExtendWith(SecretsExtension.class)}),
 * or programmatically: {@code @RegisterExtension static SecretsExtension secrets =
 * SecretsExtension.builder().keyScope(KeyScope.PER_CLASS).build();}. Keys are fresh per test method
 * unless the scope is {@link KeyScope#PER_CLASS}; runtime and fixture directories are always per test.
 * Every temporary directory is deleted after the test (or the class, for class-scoped keys).
 *
 * <p>The extension touches no global state (environment, system properties), so tests using it may
 * run in parallel; each test's objects are its own.
 */
public final class SecretsExtension implements ParameterResolver, AfterEachCallback, AfterAllCallback {
  private static final Namespace NAMESPACE = Namespace.create(SecretsExtension.class);
  private static final String KEYS = "keys";
  private static final String RUNTIME = "runtime";
  private static final String FIXTURES = "fixtures";
  private static final String INSTALL = "install";

  private final KeyScope keyScope;
  private final String sshKeyComment;
  private final Path tempParent;

  /** Declarative use ({@code @SecretsTest} / {@code @ExtendWith}): settings from {@link SecretsTest}. */
  SecretsExtension() {
    this(null, TestKeys.DEFAULT_SSH_COMMENT, null);
  }

  private SecretsExtension(KeyScope keyScope, String sshKeyComment, Path tempParent) {
    this.keyScope = keyScope;
    this.sshKeyComment = sshKeyComment;
    this.tempParent = tempParent;
  }

  /** A builder for a {@code @RegisterExtension} field. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    if (type == Path.class) {
      return parameter.isAnnotated(RuntimeDir.class);
    }
    return type == X25519Identity.class || type == MlKem768X25519Identity.class || type == SshKeyPair.class
        || type == SshEd25519Identity.class || type == KeyRing.class || type == TestKeys.class
        || type == SopsFixtures.class || type == InstallFixtures.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    if (type == Path.class) {
      return runtime(context);
    }
    TestKeys keys = keys(context);
    if (type == X25519Identity.class) {
      return keys.x25519();
    } else if (type == MlKem768X25519Identity.class) {
      return keys.mlKem768X25519();
    } else if (type == SshKeyPair.class) {
      return keys.ssh();
    } else if (type == SshEd25519Identity.class) {
      return keys.ssh().identity();
    } else if (type == KeyRing.class) {
      return keys.keyRing();
    } else if (type == TestKeys.class) {
      return keys;
    } else if (type == SopsFixtures.class) {
      return fixtures(context, keys);
    } else if (type == InstallFixtures.class) {
      return context.getStore(NAMESPACE).getOrComputeIfAbsent(INSTALL,
          k -> new InstallFixtures(keys, fixtures(context, keys), runtime(context)), InstallFixtures.class);
    }
    throw new ParameterResolutionException("SecretsExtension cannot resolve " + type.getName());
  }

  /** The runtime directory of this test. */
  private Path runtime(ExtensionContext context) {
    return context.getStore(NAMESPACE)
        .getOrComputeIfAbsent(RUNTIME, k -> TempTree.create(tempParent, "sops4j-runtime-"), TempTree.class)
        .root();
  }

  /** The SOPS fixtures of this test (one object per test, so that it remembers what it wrote). */
  private SopsFixtures fixtures(ExtensionContext context, TestKeys keys) {
    return (SopsFixtures) context.getStore(NAMESPACE).getOrComputeIfAbsent(FIXTURES, k -> {
      TempTree dir = TempTree.create(tempParent, "sops4j-fixtures-");
      return new Scoped<>(dir, new SopsFixtures(keys, dir.root()));
    }, Scoped.class).value();
  }

  /** The keys of this test: its own, or its class's when the scope is per class. */
  private TestKeys keys(ExtensionContext context) {
    ExtensionContext owner = scope(context) == KeyScope.PER_CLASS ? classContext(context) : context;
    return (TestKeys) owner.getStore(NAMESPACE).getOrComputeIfAbsent(KEYS, k -> {
      TempTree home = TempTree.create(tempParent, "sops4j-home-");
      try {
        return new Scoped<>(home, TestKeys.generate(home.root(), sshKeyComment));
      } catch (RuntimeException e) {
        home.close();
        throw e;
      }
    }, Scoped.class).value();
  }

  private KeyScope scope(ExtensionContext context) {
    if (keyScope != null) {
      return keyScope;
    }
    // @Nested classes inherit the extension from the class that encloses them, so look there too
    for (Class<?> c = context.getTestClass().orElse(null); c != null; c = c.getEnclosingClass()) {
      Optional<SecretsTest> found = AnnotationSupport.findAnnotation(c, SecretsTest.class);
      if (found.isPresent()) {
        return found.get().keys();
      }
    }
    return KeyScope.PER_METHOD;
  }

  private static ExtensionContext classContext(ExtensionContext context) {
    ExtensionContext c = context;
    while (c.getTestMethod().isPresent()) {
      Optional<ExtensionContext> parent = c.getParent();
      if (parent.isEmpty()) {
        break;
      }
      c = parent.get();
    }
    return c;
  }

  @Override
  public void afterEach(ExtensionContext context) {
    closeAll(context);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    closeAll(context);
  }

  /** Deletes the temporary directories made for this context (JUnit may also close them: harmless). */
  private static void closeAll(ExtensionContext context) {
    ExtensionContext.Store store = context.getStore(NAMESPACE);
    RuntimeException failure = null;
    store.remove(INSTALL);
    for (String key : new String[] {FIXTURES, RUNTIME, KEYS}) {
      Object value = store.remove(key);
      try {
        if (value instanceof AutoCloseable closeable) {
          closeable.close();
        }
      } catch (Exception e) {
        RuntimeException wrapped = e instanceof RuntimeException r ? r : new IllegalStateException(e);
        if (failure == null) {
          failure = wrapped;
        } else {
          failure.addSuppressed(wrapped);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  /** A value living in a temporary directory that goes away with it. */
  private record Scoped<T>(TempTree dir, T value) implements AutoCloseable {
    @Override
    public void close() {
      dir.close();
    }
  }

  /** Settings of a programmatically registered extension. */
  public static final class Builder {
    private KeyScope keyScope = KeyScope.PER_METHOD;
    private String sshKeyComment = TestKeys.DEFAULT_SSH_COMMENT;
    private Path tempParent;

    private Builder() {
    }

    /** Fresh keys per test method (default) or one set per test class. */
    public Builder keyScope(KeyScope scope) {
      this.keyScope = Objects.requireNonNull(scope, "scope");
      return this;
    }

    /** The comment of the generated SSH key (default {@code sops4j-testkit}). */
    public Builder sshKeyComment(String comment) {
      this.sshKeyComment = Objects.requireNonNull(comment, "comment");
      return this;
    }

    /** Where temporary directories are created (default: {@code java.io.tmpdir}). */
    public Builder temporaryDirectoryParent(Path parent) {
      this.tempParent = Objects.requireNonNull(parent, "parent");
      return this;
    }

    /** The extension. */
    public SecretsExtension build() {
      return new SecretsExtension(keyScope, sshKeyComment, tempParent);
    }
  }
}
