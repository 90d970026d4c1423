package org.unitrace.edge.agent;

import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.unitrace.edge.config.LineConfigLoader;
import org.unitrace.edge.signal.SignalSource;

/** Wires the agent from the line's YAML file and exposes its health. */
@Configuration(proxyBeanMethods = false)
class AgentConfiguration {

  @Bean(initMethod = "start", destroyMethod = "close")
  EdgeAgent edgeAgent(@Value("${unitrace.edge.config}") Path lineFile, MeterRegistry meters) {
    return new EdgeAgent(new LineConfigLoader().load(lineFile), meters);
  }

  /** The core broker connection. */
  @Bean
  HealthIndicator coreBrokerHealthIndicator(EdgeAgent agent) {
    return () ->
        (agent.brokerConnected() ? Health.up() : Health.down())
            .withDetail("broker", agent.config().core().mqttUrl())
            .build();
  }

  /** The outbox: DOWN once it holds more than its alarm share of the bound. */
  @Bean
  HealthIndicator outboxHealthIndicator(EdgeAgent agent) {
    return () -> {
      EdgeAgent.OutboxStatus s = agent.outboxStatus();
      return (s.alarm() ? Health.down() : Health.up())
          .withDetail("depth", s.depth())
          .withDetail("bound", s.bound())
          .withDetail("oldestPending", s.oldest() == null ? "none" : s.oldest().toString())
          .build();
    };
  }

  /** One OPC UA session or station broker connection per source. */
  @Bean
  HealthIndicator signalSourcesHealthIndicator(EdgeAgent agent) {
    return () -> {
      Health.Builder health = Health.up();
      for (SignalSource s : agent.sources().values()) {
        if (!s.isConnected()) {
          health.down();
        }
        health.withDetail(
            s.name(),
            s.isConnected() ? "connected, " + s.reconnects() + " reconnects" : s.problem());
      }
      return health.build();
    };
  }
}
