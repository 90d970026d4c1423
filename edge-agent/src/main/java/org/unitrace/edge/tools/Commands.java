package org.unitrace.edge.tools;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;

/**
 * The agent jar's commands for plant IT besides running the agent: {@code browse} and {@code check}
 * (docs/edge-agent.md).
 */
public final class Commands {

  private Commands() {}

  /** Whether the command line asks for a tool rather than the agent. */
  public static boolean isTool(String[] args) {
    return args.length > 0 && (args[0].equals("browse") || args[0].equals("check"));
  }

  /** Runs the tool; the process's exit code. */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    quietLogs();
    List<String> rest = Arrays.asList(args).subList(1, args.length);
    return switch (args[0]) {
      case "browse" -> PlcBrowse.run(rest, out, err);
      case "check" -> LineCheck.run(rest, out, err);
      default -> throw new IllegalArgumentException("no command " + args[0]);
    };
  }

  /**
   * The tools print their findings; the libraries' logs (Milo and Netty at DEBUG without Spring
   * Boot's configuration) would bury them, so only warnings get through.
   */
  private static void quietLogs() {
    if (org.slf4j.LoggerFactory.getILoggerFactory()
        instanceof ch.qos.logback.classic.LoggerContext logback) {
      logback
          .getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)
          .setLevel(ch.qos.logback.classic.Level.WARN);
    }
  }
}
