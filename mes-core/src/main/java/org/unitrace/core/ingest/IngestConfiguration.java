package org.unitrace.core.ingest;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.unitrace.contract.EventCodec;

@Configuration(proxyBeanMethods = false)
class IngestConfiguration {

  @Bean
  EventCodec eventCodec() {
    return new EventCodec();
  }
}
