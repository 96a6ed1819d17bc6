package dev.ferry.worker.e2e;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives scenarios the one shared {@link E2EEnvironment}, started on first use and closed when the
 * whole test run ends (it lives in the root store). Each scenario gets it with the Temporal server
 * up.
 */
final class E2EExtension implements ParameterResolver {
  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == E2EEnvironment.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    E2EEnvironment env =
        context
            .getRoot()
            .getStore(ExtensionContext.Namespace.create(E2EExtension.class))
            .getOrComputeIfAbsent(
                E2EEnvironment.class, k -> E2EEnvironment.start(), E2EEnvironment.class);
    env.ensureTemporalUp(
        context.getRequiredTestClass().getSimpleName() + "." + context.getDisplayName());
    return env;
  }
}
