package org.unitrace.sim.demo;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.unitrace.line.DaemonThreads;
import org.unitrace.sim.printer.PrinterSimulator;

/**
 * One command, a whole plant: mes-core on its embedded defaults, one edge agent per line (each a
 * child process from its built jar), and in this process the PLC, marker, verifier and scanner
 * simulators and the drivers that play the scenario, plus a warehouse that ships and sells.
 *
 * <pre>
 * ./mvnw -B -q -DskipTests install
 * java -jar simulators/target/simulators-*-demo.jar [--fresh] [--dir unitrace-demo]
 *      [--scenario simulators/scenarios/demo.yml] [--http-port 8080] [--mqtt-port 11883]
 *      [--agent-port 8091] [--opc-port 4841]
 * </pre>
 *
 * A second start resumes the same plant from the same directory; {@code --fresh} wipes it first.
 * Each line takes the next agent and OPC UA port from its base port; a port in use stops the demo
 * before anything starts, with the option that moves it. Ctrl-C stops the lines with their
 * simulators, then the agents, then the core.
 */
public final class DemoPlant {

  private static final String DOCK_PRINTER = "dock";
  // the jars of the same build as this one, by the version Maven wrote into build.properties
  private static final String VERSION = buildVersion();
  private static final String CORE_JAR = "mes-core/target/mes-core-" + VERSION + ".jar";
  private static final String AGENT_JAR = "edge-agent/target/edge-agent-" + VERSION + "-exec.jar";

  /**
   * The edge agent's JVM as deploy/systemd/unitrace-edge-agent@.service launches it
   * (docs/edge-agent.md, "Memory"); C1 only: an agent starts in 16 s instead of 26 on 2 cores.
   */
  public static final List<String> AGENT_JVM_OPTIONS =
      List.of(
          "-Xms32m",
          "-Xmx128m",
          "-Xss512k",
          "-XX:MaxMetaspaceSize=128m",
          "-XX:ReservedCodeCacheSize=48m",
          "-XX:MaxDirectMemorySize=32m",
          "-XX:+UseSerialGC",
          "-XX:TieredStopAtLevel=1");

  private static final String USER = "demo";
  private static final String RETURNS = "returns.txt";
  private static final String USAGE =
      "usage: java -jar simulators-*-demo.jar [--fresh] [--dir unitrace-demo]"
          + " [--scenario demo.yml] [--http-port 8080] [--mqtt-port 11883] [--agent-port 8091]"
          + " [--opc-port 4841]";

  /** The ports the demo listens on: the core's HTTP and MQTT, and the first agent's and PLC's. */
  record Ports(int http, int mqtt, int agent, int opc) {}

  private final Path dir;
  private final Scenario scenario;
  private final Ports ports;
  private final String coreUrl;
  private final String mqttUrl;
  private final List<Process> agents = new ArrayList<>();
  private final Map<String, LineDriver> lines = new LinkedHashMap<>();
  private Process core;
  private PrinterSimulator dockPrinter;
  private Thread warehouse;
  private volatile boolean running = true;

  private DemoPlant(Path dir, Scenario scenario, Ports ports) {
    this.dir = dir;
    this.scenario = scenario;
    this.ports = ports;
    this.coreUrl = "http://127.0.0.1:" + ports.http();
    this.mqttUrl = "tcp://127.0.0.1:" + ports.mqtt();
  }

  private static String buildVersion() {
    Properties build = new Properties();
    try (InputStream in = DemoPlant.class.getResourceAsStream("build.properties")) {
      if (in == null) {
        throw new IllegalStateException("build.properties is missing beside DemoPlant");
      }
      build.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException("build.properties beside DemoPlant is unreadable", e);
    }
    return build.getProperty("version");
  }

  public static void main(String[] args) throws Exception {
    System.setProperty("logback.configurationFile", "unitrace-demo-logback.xml");
    Path dir = Path.of("unitrace-demo");
    String scenarioFile = null;
    boolean fresh = false;
    int[] port = {8080, 11883, 8091, 4841};
    for (int i = 0; i < args.length; i++) {
      String value = i + 1 < args.length ? args[i + 1] : null;
      switch (args[i]) {
        case "--fresh" -> fresh = true;
        case "--dir" -> dir = Path.of(need(args[i], value));
        case "--scenario" -> scenarioFile = need(args[i], value);
        case "--http-port" -> port[0] = portArg(args[i], value);
        case "--mqtt-port" -> port[1] = portArg(args[i], value);
        case "--agent-port" -> port[2] = portArg(args[i], value);
        case "--opc-port" -> port[3] = portArg(args[i], value);
        default -> fail("unknown option " + args[i] + "\n" + USAGE, 2);
      }
      if (!args[i].equals("--fresh")) {
        i++;
      }
    }
    for (String jar : List.of(CORE_JAR, AGENT_JAR)) {
      if (!Files.exists(Path.of(jar))) {
        System.err.println(
            "demo: "
                + jar
                + " is missing: run the demo from the repository's root after"
                + " ./mvnw -B -q -DskipTests install");
        System.exit(1);
      }
    }
    Scenario scenario =
        Scenario.parse(scenarioFile == null ? "demo.yml" : scenarioFile, read(scenarioFile));
    Ports ports = new Ports(port[0], port[1], port[2], port[3]);
    String busy = busyPort(ports, scenario.lines().size());
    if (busy != null) {
      fail(busy, 1);
    }
    if (fresh && Files.exists(dir)) {
      System.out.println("demo: --fresh: removing " + dir.toAbsolutePath());
      try (Stream<Path> files = Files.walk(dir)) {
        for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
    Files.createDirectories(dir);
    DemoPlant plant = new DemoPlant(dir, scenario, ports);
    Runtime.getRuntime().addShutdownHook(new Thread(plant::stop, "demo-stop"));
    plant.run();
  }

  private static String need(String option, String value) {
    if (value == null || value.startsWith("--")) {
      fail(option + " needs a value\n" + USAGE, 2);
    }
    return value;
  }

  private static int portArg(String option, String value) {
    try {
      int p = Integer.parseInt(need(option, value));
      if (p > 0 && p < 65536) {
        return p;
      }
    } catch (NumberFormatException e) {
      // the message below says what is wrong
    }
    fail(option + ": '" + value + "' is not a port number (1-65535)", 2);
    return -1;
  }

  private static void fail(String message, int status) {
    System.err.println("demo: " + message);
    System.exit(status);
  }

  /**
   * Every port the demo will listen on must be free before anything starts: the first that is not,
   * what wants it and the option that moves it; null when all are free.
   */
  static String busyPort(Ports ports, int lines) {
    Map<Integer, String> wanted = new LinkedHashMap<>();
    wanted.put(ports.http(), "mes-core's HTTP (--http-port)");
    wanted.put(ports.mqtt(), "mes-core's MQTT broker (--mqtt-port)");
    for (int i = 0; i < lines; i++) {
      wanted.merge(ports.agent() + i, "edge agent " + (i + 1) + " (--agent-port)", DemoPlant::both);
      wanted.merge(ports.opc() + i, "PLC simulator " + (i + 1) + " (--opc-port)", DemoPlant::both);
    }
    for (Map.Entry<Integer, String> e : wanted.entrySet()) {
      if (e.getValue().contains(" and ")) {
        return "port " + e.getKey() + " is wanted twice: by " + e.getValue();
      }
      try (ServerSocket probe = new ServerSocket()) {
        probe.bind(new InetSocketAddress(e.getKey()));
      } catch (IOException busy) {
        return "port "
            + e.getKey()
            + " for "
            + e.getValue()
            + " is in use ("
            + busy.getMessage()
            + "): is another demo or mes-core running? Stop it, or choose another port.";
      }
    }
    return null;
  }

  private static String both(String a, String b) {
    return a + " and " + b;
  }

  private static String read(String file) throws IOException {
    if (file != null) {
      return Files.readString(Path.of(file));
    }
    Path inRepo = Path.of("simulators/scenarios/demo.yml");
    if (Files.exists(inRepo)) {
      return Files.readString(inRepo);
    }
    try (InputStream in = DemoPlant.class.getResourceAsStream("/scenarios/demo.yml")) {
      if (in == null) {
        throw new IOException("no scenario: give --scenario <file>");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private void run() throws Exception {
    Properties secrets = secrets();
    String adminPassword = secrets.getProperty("admin");
    String demoPassword = secrets.getProperty("demo");
    startCore(adminPassword);
    CoreClient admin = new CoreClient(coreUrl, "admin", adminPassword);
    CoreClient demo = new CoreClient(coreUrl, USER, demoPassword);
    setUp(admin, demo, demoPassword);

    int port = ports.opc();
    List<Scenario.Line> ordered = new ArrayList<>(scenario.lines());
    ordered.sort(Comparator.comparing(l -> l.consumes() == null ? 0 : 1));
    for (Scenario.Line l : ordered) {
      LineDriver up = l.consumes() == null ? null : lines.get(l.consumes());
      LineDriver d = new LineDriver(l, scenario.site(), port++, dir, up, mqttUrl);
      lines.put(l.line(), d);
      System.out.println("demo: line " + d.wiring());
    }
    int agentPort = ports.agent();
    for (LineDriver d : lines.values()) {
      String token =
          admin
              .must(
                  "POST",
                  "/api/admin/tokens",
                  Map.of(
                      "name", "demo-edge-" + d.line() + "-" + System.currentTimeMillis(),
                      "roles", List.of("edge"),
                      "site", scenario.site(),
                      "line", d.line()),
                  false)
              .path("token")
              .asText();
      Path yaml = dir.resolve("agent-" + d.line() + ".yml");
      Files.writeString(yaml, d.agentYaml(coreUrl, token, mqttUrl, scenario.serialTemplate()));
      List<String> command = new ArrayList<>(List.of(java()));
      command.addAll(AGENT_JVM_OPTIONS);
      command.addAll(
          List.of(
              "-jar",
              AGENT_JAR,
              "--unitrace.edge.config=" + yaml.toAbsolutePath(),
              "--server.port=" + agentPort++));
      agents.add(
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("agent-" + d.line() + ".log").toFile())
              .start());
    }
    System.out.println("demo: edge agents starting (logs in " + dir + "/agent-*.log)");
    for (int p = ports.agent(); p < agentPort; p++) {
      awaitAgent(p);
    }
    lines.values().forEach(LineDriver::start);
    warehouse = DaemonThreads.start("demo-warehouse", () -> logistics(admin, demo));
    System.out.printf(
        """

        ==> Unitrace demo plant is running (%s, lines %s)
            dashboards    %s/   log in as %s / %s
            REST API      %s/api  (same user, HTTP Basic); admin password in %s
            Ctrl-C stops everything; start again to resume, with --fresh to start over.

        """,
        scenario.site(),
        lines.keySet(),
        coreUrl,
        USER,
        demoPassword,
        coreUrl,
        dir.resolve("credentials.properties"));
    boolean shown = false;
    while (running) {
      Thread.sleep(10_000);
      if (!running) {
        break;
      }
      StringBuilder status = new StringBuilder("demo:");
      for (LineDriver d : lines.values()) {
        status.append(
            " %s %d units (%d NOK, %d marks failed);"
                .formatted(d.line(), d.units.get(), d.nok.get(), d.markFailures.get()));
      }
      System.out.println(status);
      LineDriver top = lines.get(ordered.get(ordered.size() - 1).line());
      if (!shown && top.completed.size() >= 3) {
        shown = true;
        System.out.println(
            "demo: serials to look up: "
                + top.completed.subList(0, 3)
                + " (dashboards, Unit lookup)");
      }
    }
  }

  /** Waits until an agent reports UP: its PLC session, its broker connection and its outbox. */
  private void awaitAgent(int port) throws InterruptedException {
    CoreClient agent = new CoreClient("http://127.0.0.1:" + port, "", "");
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (System.nanoTime() < deadline) {
      if (agent.healthy()) {
        return;
      }
      for (Process a : agents) {
        if (!a.isAlive()) {
          throw new IllegalStateException(
              "an edge agent exited with " + a.exitValue() + ": see " + dir + "/agent-*.log");
        }
      }
      Thread.sleep(1000);
    }
    System.out.println("demo: the agent on port " + port + " is not UP after 90 s; going on");
  }

  /** Passwords kept with the data, so a second start logs in to the same plant. */
  private Properties secrets() throws IOException {
    Path file = dir.resolve("credentials.properties");
    Properties p = new Properties();
    if (Files.exists(file)) {
      try (var in = Files.newInputStream(file)) {
        p.load(in);
      }
      return p;
    }
    SecureRandom random = new SecureRandom();
    for (String who : List.of("admin", "demo")) {
      byte[] b = new byte[9];
      random.nextBytes(b);
      p.setProperty(who, HexFormat.of().formatHex(b));
    }
    try (var out = Files.newOutputStream(file)) {
      p.store(out, "Unitrace demo plant: the users' passwords");
    }
    return p;
  }

  private static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  private void startCore(String adminPassword) throws Exception {
    List<String> command =
        new ArrayList<>(
            List.of(
                java(),
                "-Xmx1g",
                "-jar",
                CORE_JAR,
                "--server.port=" + ports.http(),
                "--unitrace.mqtt.embedded-port=" + ports.mqtt()));
    // the warehouse's label printer: shipping labels land in <dir>/printed-labels
    dockPrinter = PrinterSimulator.start(0, dir.resolve("printed-labels"));
    command.add("--unitrace.labels.printers." + DOCK_PRINTER + ".host=127.0.0.1");
    command.add("--unitrace.labels.printers." + DOCK_PRINTER + ".port=" + dockPrinter.port());
    command.add(
        "--unitrace.labels.printers." + DOCK_PRINTER + ".description=dock printer (simulated)");
    for (Scenario.Line l : scenario.lines()) {
      l.cycleTargets()
          .forEach(
              (station, target) ->
                  command.add(
                      "--unitrace.dashboard.cycle-time-targets[%s/%s/%s]=%dms"
                          .formatted(scenario.site(), l.line(), station, target.toMillis())));
    }
    ProcessBuilder pb =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("mes-core.log").toFile()));
    pb.environment().put("UNITRACE_DATA_DIR", dir.resolve("core").toAbsolutePath().toString());
    pb.environment().put("UNITRACE_ADMIN_PASSWORD", adminPassword);
    pb.environment().remove("UNITRACE_DB_URL");
    pb.environment().remove("UNITRACE_MQTT_URL");
    System.out.println(
        "demo: starting mes-core (embedded PostgreSQL and MQTT; log " + dir + "/mes-core.log)");
    core = pb.start();
    CoreClient probe = new CoreClient(coreUrl, "admin", adminPassword);
    long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
    while (!probe.healthy()) {
      if (!core.isAlive()) {
        throw new IllegalStateException(
            "mes-core exited with " + core.exitValue() + ": see " + dir.resolve("mes-core.log"));
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "mes-core not up after 3 minutes: see " + dir.resolve("mes-core.log"));
      }
      Thread.sleep(1000);
    }
  }

  /** Master data, the demo user, the warehouse and customers; what exists already is kept. */
  private void setUp(CoreClient admin, CoreClient demo, String demoPassword) {
    admin.must(
        "POST",
        "/api/admin/users",
        Map.of(
            "username", USER,
            "password", demoPassword,
            "roles", List.of("production", "quality", "logistics")),
        true);
    for (Scenario.Line l : scenario.lines()) {
      List<Map<String, Object>> bom = new ArrayList<>();
      if (l.serialized() != null) {
        bom.add(
            Map.of(
                "position", "S1",
                "componentPartNumber", l.serialized().partNumber(),
                "tracking", "SERIAL",
                "station", "ASM",
                "quantity", 1));
      } else {
        bom.add(
            Map.of(
                "position", "S1",
                "componentPartNumber", scenario.line(l.consumes()).product().partNumber(),
                "tracking", "SERIAL",
                "station", "ASM",
                "quantity", 1));
      }
      bom.add(
          Map.of(
              "position", "L1",
              "componentPartNumber", l.lot().partNumber(),
              "tracking", "LOT",
              "station", "ASM",
              "quantity", l.lot().quantity()));
      demo.must(
          "POST",
          "/api/products",
          Map.of(
              "partNumber", l.product().partNumber(), "name", String.valueOf(l.product().name())),
          true);
      demo.must(
          "PUT",
          "/api/products/%s/revisions/%s"
              .formatted(l.product().partNumber(), l.product().revision()),
          Map.of("description", l.product().name() + " rev " + l.product().revision(), "bom", bom),
          false);
      for (String lot : l.lot().lots()) {
        demo.must(
            "POST",
            "/api/lots",
            Map.of(
                "partNumber", l.lot().partNumber(),
                "supplier", l.lot().supplier(),
                "lot", lot,
                "receivedAt", LocalDate.now().minusDays(7).toString(),
                "quantity", 5000),
            true);
      }
    }
    String site = scenario.site();
    demo.must("POST", "/api/locations", Map.of("code", site + "-SITE", "kind", "SITE"), true);
    demo.must(
        "POST",
        "/api/locations",
        Map.of("code", site + "-WH", "kind", "WAREHOUSE", "parent", site + "-SITE"),
        true);
    for (Scenario.Line l : scenario.lines()) {
      if (scenario.lines().stream().noneMatch(o -> l.line().equals(o.consumes()))) {
        demo.must(
            "PUT",
            "/api/lines/%s/%s/completion-location".formatted(site, l.line()),
            Map.of("location", site + "-WH"),
            false);
        demo.must(
            "PUT",
            "/api/products/%s/warranty".formatted(l.product().partNumber()),
            Map.of("months", 24, "startsAt", "SALE"),
            false);
      }
    }
    for (String c : scenario.logistics().customers()) {
      demo.must(
          "POST",
          "/api/customers",
          Map.of("reference", c, "name", c.charAt(0) + c.substring(1).toLowerCase()),
          true);
    }
  }

  /**
   * The warehouse: sells and ships finished units; each shipment reaches its customer on the next
   * round, and the field returns come from units delivered.
   */
  private void logistics(CoreClient admin, CoreClient demo) {
    LineDriver top =
        lines.values().stream()
            .filter(d -> scenario.lines().stream().noneMatch(o -> d.line().equals(o.consumes())))
            .findFirst()
            .orElseThrow();
    LineDriver modules =
        lines.get(
            scenario.line(top.line()).consumes() == null
                ? top.line()
                : scenario.line(top.line()).consumes());
    int next = 0;
    int order = 0;
    List<String> returned = returnedEarlier();
    if (returned.size() >= scenario.logistics().returns()) {
      System.out.println(
          "==> Returned earlier: "
              + returned
              + ". Find what they share on the Quality page (common factors).");
    }
    List<String[]> deliveredFaulty = new ArrayList<>();
    Map<Long, List<String[]>> inTransit = new LinkedHashMap<>();
    while (running) {
      try {
        Thread.sleep(scenario.logistics().every().toMillis());
        for (var it = inTransit.entrySet().iterator(); it.hasNext(); ) {
          var shipment = it.next();
          CoreClient.Answer received =
              demo.post("/api/shipments/" + shipment.getKey() + "/receive", Map.of());
          if (!received.ok()) {
            System.out.println(
                "demo: warehouse: shipment "
                    + shipment.getKey()
                    + " not delivered: "
                    + received.text());
            break;
          }
          deliveredFaulty.addAll(shipment.getValue());
          it.remove();
        }
        fileReturns(demo, returned, deliveredFaulty);
        List<String> done = top.completed;
        if (done.size() - next < scenario.logistics().batch()) {
          continue;
        }
        List<String> batch =
            new ArrayList<>(done.subList(next, next + scenario.logistics().batch()));
        next += batch.size();
        String customer =
            scenario.logistics().customers().get(order % scenario.logistics().customers().size());
        order++;
        List<Map<String, String>> orderLines = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
          orderLines.add(Map.of("orderLine", String.valueOf(10 * (i + 1)), "serial", batch.get(i)));
        }
        CoreClient.Answer sale =
            demo.post(
                "/api/sales",
                Map.of(
                    "orderNumber",
                    "SO-" + System.currentTimeMillis(),
                    "customer",
                    customer,
                    "soldOn",
                    LocalDate.now().toString(),
                    "lines",
                    orderLines));
        CoreClient.Answer shipment =
            demo.post(
                "/api/shipments",
                Map.of(
                    "shipToCustomer",
                    customer,
                    "carrier",
                    "Demo Freight",
                    "packages",
                    List.of(
                        Map.of(
                            "reference",
                            "carton-" + order,
                            "kind",
                            "PACKAGE",
                            "sscc",
                            sscc(),
                            "serials",
                            batch))));
        if (!sale.ok() || !shipment.ok()) {
          System.out.println(
              "demo: warehouse: order for "
                  + customer
                  + " not shipped: "
                  + sale.text()
                  + " "
                  + shipment.text());
          continue;
        }
        List<String[]> faulty = new ArrayList<>();
        for (String s : batch) {
          String module = top.subAssemblyOf.get(s);
          String lot = module == null ? top.lotOf.get(s) : modules.lotOf.get(module);
          if (scenario.faultyLot().equals(lot)) {
            faulty.add(new String[] {s, customer});
          }
        }
        inTransit.put(shipment.body().path("id").asLong(), faulty);
        CoreClient.Answer labels =
            demo.post(
                "/api/labels/print",
                Map.of("printer", DOCK_PRINTER, "shipment", shipment.body().path("id").asText()));
        if (!labels.ok()) {
          System.out.println("demo: warehouse: shipping label not printed: " + labels.text());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        System.out.println("demo: warehouse: " + e.getMessage());
      }
    }
  }

  /**
   * An SSCC for a demo carton: extension 0, the GS1 example company prefix 0614141, a serial
   * reference from the clock, and the check digit.
   */
  private static String sscc() {
    String digits = "00614141" + String.format("%09d", System.currentTimeMillis() % 1_000_000_000L);
    int sum = 0;
    for (int i = 0; i < 17; i++) {
      sum += (digits.charAt(16 - i) - '0') * (i % 2 == 0 ? 3 : 1);
    }
    return digits + (10 - sum % 10) % 10;
  }

  /** Customers send back delivered units of the faulty lot, up to the scenario's number. */
  private void fileReturns(CoreClient demo, List<String> returned, List<String[]> delivered) {
    try {
      while (returned.size() < scenario.logistics().returns() && !delivered.isEmpty()) {
        String[] r = delivered.remove(0);
        JsonNode rma =
            demo.must(
                "POST",
                "/api/returns",
                Map.of("serial", r[0], "customer", r[1], "complaint", "does not power up"),
                false);
        returned.add(r[0]);
        Files.writeString(
            dir.resolve(RETURNS),
            r[0] + " " + r[1] + "\n",
            StandardOpenOption.CREATE,
            StandardOpenOption.APPEND);
        System.out.println(
            "demo: field return #" + rma.path("id").asText() + ": " + r[0] + " from " + r[1]);
        if (returned.size() == scenario.logistics().returns()) {
          System.out.println(
              "==> Three units came back: "
                  + returned
                  + ". Find what they share on the Quality page (common factors).");
        }
      }
    } catch (IOException | RuntimeException e) {
      System.out.println("demo: warehouse: returns: " + e.getMessage());
    }
  }

  /** The returns filed in an earlier run of this plant: a resumed plant files no more. */
  private List<String> returnedEarlier() {
    Path file = dir.resolve(RETURNS);
    List<String> serials = new ArrayList<>();
    try {
      if (Files.exists(file)) {
        for (String l : Files.readAllLines(file)) {
          if (!l.isBlank()) {
            serials.add(l.split(" ")[0]);
          }
        }
      }
    } catch (IOException e) {
      System.out.println("demo: warehouse: cannot read " + file + ": " + e.getMessage());
    }
    return serials;
  }

  private synchronized void stop() {
    if (!running) {
      return;
    }
    running = false;
    System.out.println("demo: stopping: lines and their simulators, agents, mes-core");
    if (warehouse != null) {
      warehouse.interrupt();
    }
    lines.values().forEach(LineDriver::close);
    for (Process a : agents) {
      a.destroy();
    }
    for (Process a : agents) {
      waitFor(a, 15);
    }
    if (core != null) {
      core.destroy();
      waitFor(core, 40);
    }
    if (dockPrinter != null) {
      dockPrinter.close();
    }
    System.out.println("demo: stopped; data kept in " + dir.toAbsolutePath());
  }

  private static void waitFor(Process p, int seconds) {
    try {
      if (!p.waitFor(seconds, java.util.concurrent.TimeUnit.SECONDS)) {
        p.destroyForcibly().waitFor();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
