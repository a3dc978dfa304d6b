package org.vigil.jobs.containers;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.testcontainers.DockerClientFactory;

/**
 * Marks a test class that needs a Docker engine (Testcontainers): tagged {@code docker}, and skipped with the reason
 * "Docker unavailable" where there is none, unless the build says Docker is required ({@code
 * -Dvigil.docker.required=true}, e.g. a CI job with Docker), where the test runs and fails loudly.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag("docker")
@ExtendWith(RequiresDocker.Condition.class)
public @interface RequiresDocker {

  /** Enables the test only where Docker answers (or where it is required). */
  final class Condition implements ExecutionCondition {
    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
      if (Boolean.getBoolean("vigil.docker.required")) {
        return ConditionEvaluationResult.enabled("vigil.docker.required=true: Docker must be there");
      }
      boolean available;
      try {
        available = DockerClientFactory.instance().isDockerAvailable();
      } catch (RuntimeException | LinkageError e) {
        available = false;
      }
      return available ? ConditionEvaluationResult.enabled("Docker available")
          : ConditionEvaluationResult.disabled("Docker unavailable");
    }
  }
}
