package org.unitrace.core.integration;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

class IntegrationSwitchTest {

  private static final String[] CLASSES = {
    "org.apache.camel.spring.boot.CamelAutoConfiguration",
    "org.apache.camel.component.file.springboot.FileComponentAutoConfiguration",
    "org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration"
  };

  @Test
  void camelStaysOutWhenNoFlowIsEnabled() {
    assertThat(match(Map.of("unitrace.integration.files.flows.sales.enabled", "false")))
        .containsExactly(false, false, true);
  }

  @Test
  void anEnabledFlowBringsCamelIn() {
    assertThat(match(Map.of("unitrace.integration.files.flows.sales.enabled", "true")))
        .containsExactly(true, true, true);
  }

  @Test
  void anEnvironmentVariableEnablesAFlowToo() {
    assertThat(match(Map.of("UNITRACE_INTEGRATION_FILES_FLOWS_LOTS_ENABLED", "TRUE")))
        .containsExactly(true, true, true);
  }

  @Test
  void anEnabledSettingOutsideTheIntegrationsDoesNotCount() {
    assertThat(match(Map.of("unitrace.security.password-cache.enabled", "true")))
        .containsExactly(false, false, true);
  }

  private static boolean[] match(Map<String, Object> properties) {
    StandardEnvironment environment = new StandardEnvironment();
    environment.getPropertySources().addFirst(new MapPropertySource("test", properties));
    IntegrationSwitch filter = new IntegrationSwitch();
    filter.setEnvironment(environment);
    return filter.match(CLASSES, null);
  }
}
