package dev.sops4j.testkit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs a test class with the {@link SecretsExtension}: test and lifecycle methods may declare
 * parameters of the types it resolves (keys, {@link TestKeys}, {@link SopsFixtures}, a
 * {@link RuntimeDir @RuntimeDir} {@code Path}). Do not combine with a {@code @RegisterExtension}
 * field of {@link SecretsExtension}: two resolvers would compete for the same parameters.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@ExtendWith(SecretsExtension.class)
public @interface SecretsTest {
  /** Whether keys are fresh for every test method (the default) or shared by the class. */
  KeyScope keys() default KeyScope.PER_METHOD;
}
