package org.unitrace.core;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/** The MES core: ingestion, genealogy, trace and the REST API over PostgreSQL. */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class MesCoreApplication {

  public static void main(String[] args) {
    SpringApplication.run(MesCoreApplication.class, args);
  }
}
