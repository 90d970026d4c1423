package org.unitrace.core.integration;

import java.util.Locale;
import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;
import org.springframework.boot.autoconfigure.AutoConfigurationImportFilter;
import org.springframework.boot.autoconfigure.AutoConfigurationMetadata;
import org.springframework.context.EnvironmentAware;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Keeps Apache Camel out of mes-core until a flow needs it: Camel's auto-configurations (the
 * CamelContext and every component starter) are filtered out unless some {@code
 * unitrace.integration.<...>.enabled} property is {@code true}, so a plant that integrates nothing
 * pays nothing for Camel at start or at run time. Registered in {@code META-INF/spring.factories}.
 */
public class IntegrationSwitch implements AutoConfigurationImportFilter, EnvironmentAware {

  static final String PREFIX = "unitrace.integration.";

  private Environment environment;

  @Override
  public void setEnvironment(Environment environment) {
    this.environment = environment;
  }

  @Override
  public boolean[] match(String[] classes, AutoConfigurationMetadata metadata) {
    boolean camel = anyEnabled(environment, PREFIX);
    boolean[] matches = new boolean[classes.length];
    for (int i = 0; i < classes.length; i++) {
      matches[i] = camel || classes[i] == null || !classes[i].startsWith("org.apache.camel.");
    }
    return matches;
  }

  /**
   * True when a property under {@code prefix} whose name ends in {@code .enabled} is {@code true},
   * however it was given (YAML, system property, or an environment variable such as {@code
   * UNITRACE_INTEGRATION_FILES_FLOWS_SALES_ENABLED}).
   */
  public static boolean anyEnabled(Environment environment, String prefix) {
    if (!(environment instanceof ConfigurableEnvironment configurable)) {
      return false;
    }
    for (var source : configurable.getPropertySources()) {
      if (source instanceof EnumerablePropertySource<?> names) {
        for (String name : names.getPropertyNames()) {
          String canonical = name.toLowerCase(Locale.ROOT).replace('_', '.').replace("-", "");
          if (canonical.startsWith(prefix.replace("-", ""))
              && canonical.endsWith(".enabled")
              && "true".equalsIgnoreCase(String.valueOf(environment.getProperty(name)).strip())) {
            return true;
          }
        }
      }
    }
    return false;
  }

  /** A condition for the beans of a family of flows: {@code @Conditional(Files.class)}. */
  @RequiredArgsConstructor(access = AccessLevel.PROTECTED)
  public abstract static class EnabledUnder implements Condition {

    private final String prefix;

    @Override
    public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
      return anyEnabled(context.getEnvironment(), prefix);
    }
  }
}
