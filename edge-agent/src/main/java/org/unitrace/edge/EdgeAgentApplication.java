package org.unitrace.edge;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The edge agent as plant IT runs it on a line PC: {@code java -jar edge-agent-exec.jar
 * --unitrace.edge.config=line-L1.yml}. Health and metrics are served by Spring Boot actuator.
 */
@SpringBootApplication
public class EdgeAgentApplication {

  public static void main(String[] args) {
    if (org.unitrace.edge.tools.Commands.isTool(args)) {
      System.exit(org.unitrace.edge.tools.Commands.run(args, System.out, System.err));
    }
    SpringApplication.run(EdgeAgentApplication.class, args);
  }
}
