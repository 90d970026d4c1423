package org.unitrace.core.integration.files;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.camel.CamelContext;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.unitrace.core.audit.AuditLog;
import org.unitrace.core.imports.FileImport;
import org.unitrace.core.integration.IntegrationIdentity;
import org.unitrace.core.integration.IntegrationSwitch;
import org.unitrace.core.system.InstanceName;

/**
 * The inbound file flows, present only when one is enabled: checks every flow's settings at start
 * (a wrong one fails naming its key) and adds one route per flow and source to the CamelContext.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(FilesConfiguration.AnyFlowEnabled.class)
@EnableConfigurationProperties(FilesProperties.class)
class FilesConfiguration {

  static final String KEY = "unitrace.integration.files.flows.";

  /** True when some {@code unitrace.integration.files.flows.<flow>.enabled} is true. */
  static class AnyFlowEnabled extends IntegrationSwitch.EnabledUnder {
    AnyFlowEnabled() {
      super("unitrace.integration.files.");
    }
  }

  @Bean
  InboundFiles inboundFiles(
      JdbcClient jdbc,
      PlatformTransactionManager transactions,
      AuditLog audit,
      ObjectMapper json,
      FilesProperties properties) {
    return new InboundFiles(
        new FileLedger(jdbc),
        new TransactionTemplate(transactions),
        audit,
        json,
        new IntegrationIdentity(properties.identity()),
        InstanceName.create());
  }

  @Bean
  CamelContextConfiguration inboundFileRoutes(
      FilesProperties properties, List<FileImport> imports, InboundFiles files, JdbcClient jdbc) {
    List<InboundFileRoute> routes = routes(properties, imports, files, jdbc);
    return new CamelContextConfiguration() {
      @Override
      public void beforeApplicationStart(CamelContext camel) {
        for (InboundFileRoute route : routes) {
          try {
            camel.addRoutes(route);
          } catch (Exception e) {
            throw new IllegalStateException("cannot add route " + route.routeId(), e);
          }
        }
      }

      @Override
      public void afterApplicationStart(CamelContext camel) {}
    };
  }

  private static List<InboundFileRoute> routes(
      FilesProperties properties, List<FileImport> imports, InboundFiles files, JdbcClient jdbc) {
    Map<String, FileImport> byFlow = new TreeMap<>();
    imports.forEach(i -> byFlow.put(i.flow(), i));
    FileLedger ledger = new FileLedger(jdbc);
    List<InboundFileRoute> routes = new ArrayList<>();
    new TreeMap<>(properties.flows())
        .forEach(
            (name, settings) -> {
              String key = KEY + name;
              InboundFlow flow = InboundFlow.of(key, name, settings, byFlow);
              if (!settings.enabled()) {
                return;
              }
              check(key, settings);
              List<FileSource> sources = new ArrayList<>();
              if (settings.folder() != null) {
                sources.add(FileSource.folder(settings.folder(), settings));
              }
              if (settings.sftp() != null) {
                sources.add(FileSource.sftp(settings.sftp(), settings));
              }
              for (FileSource source : sources) {
                LeaseFilter lease =
                    new LeaseFilter(
                        ledger,
                        name,
                        source.id(),
                        files.instance(),
                        properties.lease(),
                        settings.include());
                routes.add(
                    new InboundFileRoute(
                        "files-" + name + "-" + source.kind(), flow, source, files, lease));
              }
            });
    return routes;
  }

  /** Refuses an enabled flow's settings that cannot work, naming the key under {@code key}. */
  private static void check(String key, FilesProperties.Flow flow) {
    if (flow.folder() == null && flow.sftp() == null) {
      throw new IllegalStateException(
          "%s: enabled, but neither %s.folder nor %s.sftp.host is set".formatted(key, key, key));
    }
    if (flow.sftp() != null
        && (flow.sftp().username() == null || flow.sftp().username().isBlank())) {
      throw new IllegalStateException(key + ".sftp.username must be set");
    }
    if (flow.minAge().isNegative() || flow.pollInterval().toMillis() < 100) {
      throw new IllegalStateException(
          "%s: min-age must not be negative and poll-interval at least 100ms, were %s and %s"
              .formatted(key, flow.minAge(), flow.pollInterval()));
    }
    try {
      java.util.regex.Pattern.compile(flow.include());
    } catch (java.util.regex.PatternSyntaxException e) {
      throw new IllegalStateException(
          "%s.include: not a regular expression: %s".formatted(key, e.getMessage()));
    }
  }
}
