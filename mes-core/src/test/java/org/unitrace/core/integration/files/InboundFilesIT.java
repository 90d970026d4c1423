package org.unitrace.core.integration.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.unitrace.contract.EventPayload;
import org.unitrace.core.audit.AuditLog;
import org.unitrace.core.imports.FileImport;
import org.unitrace.core.integration.IntegrationIdentity;
import org.unitrace.core.support.CoreITSupport;
import org.unitrace.core.support.TestEvents;
import org.unitrace.core.support.TestServers;

/**
 * Every inbound file flow end to end, against a real folder and a real SFTP server (MINA SSHD) on
 * the real PostgreSQL: files are imported once, as the integration's identity, moved to done/ or to
 * error/ with a report naming row and field; a half-written file waits, a copy is caught, a
 * connection lost mid-transfer loses nothing and doubles nothing, and two instances on one folder
 * take each file once.
 */
class InboundFilesIT extends CoreITSupport {

  private static final String IDENTITY = "erp-files-it";
  private static final Path BASE =
      Path.of("target/it-files", TestServers.unique("f-")).toAbsolutePath();
  private static final Path LOTS = BASE.resolve("lots");
  private static final Path SALES = BASE.resolve("sales");
  private static final Path PRODUCTS = BASE.resolve("products");
  private static final TestSftpServer SFTP;

  static {
    try {
      SFTP = new TestSftpServer(BASE.resolve("sftp-home"));
      Files.createDirectories(SFTP.home().resolve("lots"));
      Files.createDirectories(SFTP.home().resolve("shipments"));
      Files.createDirectories(SFTP.home().resolve("receipts"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @DynamicPropertySource
  static void flows(DynamicPropertyRegistry registry) {
    String f = "unitrace.integration.files.";
    registry.add(f + "identity", () -> IDENTITY);
    flow(registry, "lots", "PT1S");
    registry.add(f + "flows.lots.folder", LOTS::toString);
    sftp(registry, "lots", "lots");
    flow(registry, "sales", "PT1S");
    registry.add(f + "flows.sales.folder", SALES::toString);
    registry.add(f + "flows.sales.columns.serial", () -> "SERIAL_NO");
    registry.add(f + "flows.sales.columns.orderNumber", () -> "ORDER_NO");
    registry.add(f + "flows.sales.columns.customer", () -> "Customer Code");
    registry.add(f + "flows.sales.columns.soldOn", () -> "SOLD_ON");
    flow(registry, "shipments", "PT1S");
    sftp(registry, "shipments", "shipments");
    flow(registry, "receipts", "PT1S");
    sftp(registry, "receipts", "receipts");
    flow(registry, "products", "PT0S");
    registry.add(f + "flows.products.folder", PRODUCTS::toString);
    registry.add(f + "flows.products.done-marker", () -> "true");
  }

  private static void flow(DynamicPropertyRegistry registry, String flow, String minAge) {
    String key = "unitrace.integration.files.flows." + flow + ".";
    registry.add(key + "enabled", () -> "true");
    registry.add(key + "min-age", () -> minAge);
    registry.add(key + "poll-interval", () -> "PT0.3S");
  }

  private static void sftp(DynamicPropertyRegistry registry, String flow, String dir) {
    String key = "unitrace.integration.files.flows." + flow + ".sftp.";
    registry.add(key + "host", () -> "127.0.0.1");
    registry.add(key + "port", SFTP::port);
    registry.add(key + "username", () -> TestSftpServer.USER);
    registry.add(key + "password", () -> TestSftpServer.PASSWORD);
    registry.add(key + "directory", () -> dir);
  }

  @AfterAll
  static void stopSftp() throws IOException {
    SFTP.close();
  }

  @Autowired CamelContext camel;
  @Autowired JdbcClient sql;
  @Autowired AuditLog audit;
  @Autowired ObjectMapper json;
  @Autowired PlatformTransactionManager transactions;
  @Autowired List<FileImport> imports;

  @Test
  void lotsDroppedInTheFolderAreImportedOnceAsTheIntegrationAndMovedToDone() throws IOException {
    String part = TestServers.unique("RES-");
    String name = part + ".csv";
    drop(LOTS, name, lotsCsv(part, 2));

    Path done = awaitMoved(LOTS, "done", name);

    assertThat(lots(part)).hasSize(2);
    assertThat(lots(part).get(0).path("registeredBy").asText()).isEqualTo(IDENTITY);
    assertThat(Files.exists(LOTS.resolve(name))).isFalse();
    assertThat(Files.readString(done)).isEqualTo(lotsCsv(part, 2));
    assertThat(
            sql.sql(
                    """
                    SELECT count(*) FROM audit_record
                     WHERE action = 'lot.import' AND actor = ? AND actor_kind = 'integration'
                       AND after::text LIKE ?
                    """)
                .params(IDENTITY, "%" + part + "%")
                .query(Integer.class)
                .single())
        .isEqualTo(1);
    assertThat(ledger(name)).containsExactly("imported");
  }

  @Test
  void theSameFileDroppedTwiceIsImportedOnceAndTheCopyIsReportedInError() throws IOException {
    String part = TestServers.unique("CAP-");
    String name = part + ".csv";
    drop(LOTS, name, lotsCsv(part, 3));
    awaitMoved(LOTS, "done", name);

    drop(LOTS, name, lotsCsv(part, 3));
    Path copy = awaitMoved(LOTS, "error", name);

    String report = Files.readString(Path.of(copy + ".error.txt"));
    assertThat(report).contains(name, "the same content was imported before", "done/");
    assertThat(ledger(name)).containsExactly("imported", "duplicate");
    assertThat(
            sql.sql(
                    "SELECT count(*) FROM audit_record WHERE action = 'lot.import' AND after::text LIKE ?")
                .param("%" + part + "%")
                .query(Integer.class)
                .single())
        .isEqualTo(1);
  }

  @Test
  void aHalfWrittenFileIsNotTakenUntilItIsFinished() throws IOException {
    String part = TestServers.unique("HALF-");
    String name = part + ".csv";
    String whole = lotsCsv(part, 6);
    String half = whole.substring(0, whole.indexOf('\n', whole.length() / 2) + 1);
    Path file = LOTS.resolve(name);
    Files.writeString(file, half);
    // still being written: its writer touched it just now
    Files.setLastModifiedTime(file, FileTime.from(Instant.now().plus(Duration.ofMinutes(10))));

    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                sql.sql("SELECT count(*) FROM integration_file_lease WHERE file_name = ?")
                        .param(name)
                        .query(Integer.class)
                        .single()
                    > 0);
    await()
        .during(Duration.ofSeconds(3))
        .atMost(Duration.ofSeconds(10))
        .until(() -> ledger(name).isEmpty() && Files.exists(file));

    Files.writeString(file, whole);
    Files.setLastModifiedTime(file, FileTime.from(Instant.now().minusSeconds(60)));
    awaitMoved(LOTS, "done", name);

    assertThat(lots(part)).hasSize(6);
    assertThat(ledger(name)).containsExactly("imported");
  }

  @Test
  void salesWithTheErpsOwnColumnNamesAreSoldAsTheApiWouldSellThem() throws IOException {
    Plant plant = plant();
    String a = plant.made("A");
    String b = plant.made("B");
    String order = TestServers.unique("SO-");
    String name = dropSales(order, plant.customer, a, b);

    awaitMoved(SALES, "done", name);

    JsonNode sales = http.getForObject("/api/sales?order=" + order, JsonNode.class);
    assertThat(sales).hasSize(2);
    assertThat(sales.get(0).path("recordedBy").asText()).isEqualTo(IDENTITY);
  }

  @Test
  void aSalesFileWithOneBadRowSellsNothingAndItsReportNamesTheRowAndTheErpsColumn()
      throws IOException {
    Plant plant = plant();
    String a = plant.made("A");
    String order = TestServers.unique("SO-");
    String name = dropSales(order, plant.customer, a, "NO-SUCH-" + order);

    Path rejected = awaitMoved(SALES, "error", name);

    String report = Files.readString(Path.of(rejected + ".error.txt"));
    assertThat(report)
        .contains("nothing was imported", "row 3, field 'SERIAL_NO' (serial)", "NO-SUCH-" + order);
    assertThat(http.getForObject("/api/sales?order=" + order, JsonNode.class)).isEmpty();
    assertThat(ledger(name)).containsExactly("rejected");
    JsonNode detail =
        json.readTree(
            sql.sql("SELECT detail::text FROM integration_file WHERE file_name = ?")
                .param(name)
                .query(String.class)
                .single());
    JsonNode problem = detail.path("problems").get(0);
    assertThat(problem.path("row").asInt())
        .as("the imports' problem body: %s", problem)
        .isEqualTo(3);
    assertThat(problem.path("field").asText()).isEqualTo("serial");
    assertThat(problem.path("column").asText()).isEqualTo("SERIAL_NO");
    assertThat(problem.path("problem").asText()).contains("NO-SUCH-" + order);
    JsonNode listed =
        http.getForObject("/api/integration/files?flow=sales&outcome=rejected", JsonNode.class);
    JsonNode mine = null;
    for (JsonNode f : listed) {
      mine = f.path("fileName").asText().equals(name) ? f : mine;
    }
    assertThat(mine).isNotNull();
    assertThat(mine.path("identity").asText()).isEqualTo(IDENTITY);
    assertThat(mine.path("report").asText()).contains("row 3, field 'SERIAL_NO' (serial)");
  }

  @Test
  void aMalformedFileIsRejectedSayingWhatAndWhere() throws IOException {
    String name = TestServers.unique("broken-") + ".csv";
    drop(SALES, name, "ORDER_NO,Customer Code,SERIAL_NO\nSO-1,\"C-1,S-1\n");

    Path rejected = awaitMoved(SALES, "error", name);

    assertThat(Files.readString(Path.of(rejected + ".error.txt")))
        .contains("row 2: a quoted field starts here and is not closed before the end");
    assertThat(ledger(name)).containsExactly("rejected");
  }

  @Test
  void aBomFileWaitsForItsDoneMarkerAndThenImportsTheRevision() throws IOException {
    String part = TestServers.unique("PUMP-");
    String name = part + ".csv";
    Path file = PRODUCTS.resolve(name);
    Files.createDirectories(PRODUCTS);
    Files.writeString(
        file,
        "part_number,product_name,revision,position,component_part_number,tracking,station\n"
            + "%s,Pump,A,10,PCB-1,SERIAL,ASSY\n%s,Pump,A,20,SCREW-4,LOT,ASSY\n"
                .formatted(part, part));

    await()
        .during(Duration.ofSeconds(2))
        .atMost(Duration.ofSeconds(10))
        .until(() -> ledger(name).isEmpty() && Files.exists(file));

    Files.writeString(PRODUCTS.resolve(name + ".done"), "");
    awaitMoved(PRODUCTS, "done", name);

    JsonNode bom = http.getForObject("/api/products/" + part + "/revisions/A/bom", JsonNode.class);
    assertThat(bom.toString()).contains("PCB-1", "SCREW-4");
    assertThat(ledger(name)).containsExactly("imported");
  }

  @Test
  void lotsFromTheSftpDirectoryAreImportedEvenWhenTheConnectionDropsMidDownload()
      throws IOException {
    String part = TestServers.unique("SFTP-");
    String name = part + ".csv";
    SFTP.dropNextRead();
    int droppedBefore = SFTP.dropped.get();
    drop(SFTP.home().resolve("lots"), name, lotsCsv(part, 2));

    awaitMoved(SFTP.home().resolve("lots"), "done", name);

    assertThat(SFTP.dropped.get()).isGreaterThan(droppedBefore);
    assertThat(lots(part)).hasSize(2);
    assertThat(ledger(name)).containsExactly("imported");
  }

  @Test
  void aShipmentConfirmationWhoseMoveIsCutOffIsImportedOnceAndStillMovedToDone()
      throws IOException {
    Plant plant = plant();
    String a = plant.made("A");
    String b = plant.made("B");
    String shipment = TestServers.unique("SH-");
    String name = shipment + ".csv";
    Path dir = SFTP.home().resolve("shipments");
    SFTP.dropNextRename();
    int droppedBefore = SFTP.dropped.get();
    drop(
        dir,
        name,
        "shipment,shipToCustomer,carrier,serial\n%s,%s,DHL,%s\n%s,%s,DHL,%s\n"
            .formatted(shipment, plant.customer, a, shipment, plant.customer, b));

    awaitMoved(dir, "done", name);

    assertThat(SFTP.dropped.get()).isGreaterThan(droppedBefore);
    assertThat(ledger(name)).containsExactly("imported");
    assertThat(
            sql.sql("SELECT count(*) FROM shipment WHERE reference = ?")
                .param(shipment)
                .query(Integer.class)
                .single())
        .isEqualTo(1);
  }

  @Test
  void aProofOfDeliveryReceivesItsShipmentsAllOrNothing() throws IOException {
    Plant plant = plant();
    String shipment = TestServers.unique("SHR-");
    Path shipments = SFTP.home().resolve("shipments");
    drop(
        shipments,
        shipment + ".csv",
        "shipment,shipToCustomer,serial\n%s,%s,%s\n"
            .formatted(shipment, plant.customer, plant.made("A")));
    awaitMoved(shipments, "done", shipment + ".csv");
    Path receipts = SFTP.home().resolve("receipts");

    String bad = shipment + "-bad.csv";
    drop(receipts, bad, "shipment\n%s\nNO-SUCH-%s\n".formatted(shipment, shipment));
    Path rejected = awaitMoved(receipts, "error", bad);
    assertThat(Files.readString(Path.of(rejected + ".error.txt")))
        .contains("row 3, field 'shipment': no shipment 'NO-SUCH-" + shipment + "'");
    assertThat(received(shipment)).isEqualTo("not received");

    String good = shipment + "-pod.csv";
    drop(receipts, good, "shipment\n%s\n".formatted(shipment));
    awaitMoved(receipts, "done", good);
    assertThat(received(shipment)).isEqualTo(IDENTITY);
  }

  /** A sales file in the ERP's own column names, each serial sold on {@code order}; its name. */
  private static String dropSales(String order, String customer, String... serials)
      throws IOException {
    StringBuilder csv = new StringBuilder("ORDER_NO,Customer Code,SOLD_ON,SERIAL_NO\n");
    for (String serial : serials) {
      csv.append("%s,%s,2026-12-01,%s\n".formatted(order, customer, serial));
    }
    String name = order + ".csv";
    drop(SALES, name, csv.toString());
    return name;
  }

  private String received(String shipment) {
    return sql.sql("SELECT coalesce(received_by, 'not received') FROM shipment WHERE reference = ?")
        .param(shipment)
        .query(String.class)
        .single();
  }

  @Test
  void twoInstancesTakingTheSameFileAtTheSameMomentImportItOnce() throws Exception {
    InboundFlow lotFlow = lotFlow();
    String part = TestServers.unique("RACE-");
    byte[] content = lotsCsv(part, 50).getBytes(StandardCharsets.UTF_8);
    DroppedFile file =
        new DroppedFile(
            "lots", "folder:/race", part + ".csv", content.length, Instant.now(), content);
    List<java.util.concurrent.Future<Outcome>> outcomes = new ArrayList<>();
    java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
    var pool = java.util.concurrent.Executors.newFixedThreadPool(2);
    try {
      for (String instance : List.of("instance-A", "instance-B")) {
        InboundFiles files =
            new InboundFiles(
                new FileLedger(sql),
                new TransactionTemplate(transactions),
                audit,
                json,
                new IntegrationIdentity(IDENTITY),
                instance);
        outcomes.add(
            pool.submit(
                () -> {
                  start.await();
                  return files.take(file, lotFlow);
                }));
      }
      start.countDown();
      Outcome a = outcomes.get(0).get(60, java.util.concurrent.TimeUnit.SECONDS);
      Outcome b = outcomes.get(1).get(60, java.util.concurrent.TimeUnit.SECONDS);

      assertThat(List.of(a.kind(), b.kind()))
          .containsExactlyInAnyOrder(Outcome.Kind.imported, Outcome.Kind.decided);
      assertThat(a.moveTo()).isEqualTo(b.moveTo()).startsWith("done/");
    } finally {
      pool.shutdownNow();
    }
    assertThat(ledger(part + ".csv")).containsExactly("imported");
    assertThat(lots(part)).hasSize(50);
    assertThat(
            sql.sql(
                    "SELECT count(*) FROM audit_record WHERE action = 'lot.import' AND after::text"
                        + " LIKE ?")
                .param("%" + part + "%")
                .query(Integer.class)
                .single())
        .isEqualTo(1);
  }

  @Test
  void twoInstancesOnOneFolderImportEachFileOnce() throws Exception {
    InboundFiles otherInstance =
        new InboundFiles(
            new FileLedger(sql),
            new TransactionTemplate(transactions),
            audit,
            json,
            new IntegrationIdentity(IDENTITY),
            "instance-B");
    FilesProperties.Flow flow =
        new FilesProperties.Flow(
            true,
            LOTS.toString(),
            null,
            "(?i).*\\.csv",
            false,
            Duration.ofSeconds(1),
            Duration.ofMillis(300),
            StandardCharsets.UTF_8,
            Map.of());
    FileSource source = FileSource.folder(LOTS.toString(), flow);
    camel.addRoutes(
        new InboundFileRoute(
            "files-lots-folder-instance-B",
            lotFlow(),
            source,
            otherInstance,
            new LeaseFilter(
                new FileLedger(sql),
                "lots",
                source.id(),
                "instance-B",
                Duration.ofMinutes(5),
                "(?i).*\\.csv")));
    try {
      String prefix = TestServers.unique("TWO-");
      List<String> names = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        String name = prefix + "-" + i + ".csv";
        names.add(name);
        drop(LOTS, name, lotsCsv(prefix + "-" + i, 2));
      }
      for (String name : names) {
        awaitMoved(LOTS, "done", name);
      }
      for (String name : names) {
        assertThat(ledger(name)).as(name).containsExactly("imported");
      }
      assertThat(
              sql.sql(
                      "SELECT count(*) FROM audit_record WHERE action = 'lot.import' AND after::text LIKE ?")
                  .param("%" + prefix + "%")
                  .query(Integer.class)
                  .single())
          .isEqualTo(8);
      assertThat(
              sql.sql(
                      "SELECT count(DISTINCT instance) FROM integration_file WHERE file_name LIKE ?")
                  .param(prefix + "%")
                  .query(Integer.class)
                  .single())
          .isBetween(1, 2);
    } finally {
      camel.getRouteController().stopRoute("files-lots-folder-instance-B");
      camel.removeRoute("files-lots-folder-instance-B");
    }
  }

  // --- the plant and the files ---

  /** The lots flow as a second instance configures it: no columns renamed, UTF-8. */
  private InboundFlow lotFlow() {
    FileImport lots =
        imports.stream().filter(i -> i.flow().equals("lots")).findFirst().orElseThrow();
    return new InboundFlow("lots", lots, new ColumnMapping(Map.of()), StandardCharsets.UTF_8);
  }

  private static String lotsCsv(String part, int rows) {
    StringBuilder csv = new StringBuilder("part_number,supplier,lot,received_date,quantity\n");
    for (int i = 1; i <= rows; i++) {
      csv.append("%s,ACME,L%03d,2026-12-0%d,%d\n".formatted(part, i, 1 + i % 9, 100 * i));
    }
    return csv.toString();
  }

  private static void drop(Path dir, String name, String content) throws IOException {
    Files.createDirectories(dir);
    Path temp = dir.resolve("." + name + ".tmp");
    Files.writeString(temp, content);
    Files.move(temp, dir.resolve(name), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }

  /**
   * Waits until the file sits in dir/sub (its name prefixed by its ledger record) and not in dir.
   */
  private static Path awaitMoved(Path dir, String sub, String name) {
    return await()
        .atMost(Duration.ofSeconds(90))
        .until(
            () -> {
              if (Files.exists(dir.resolve(name)) || !Files.isDirectory(dir.resolve(sub))) {
                return null;
              }
              try (Stream<Path> files = Files.list(dir.resolve(sub))) {
                return files
                    .filter(p -> p.getFileName().toString().endsWith("-" + name))
                    .filter(p -> !p.getFileName().toString().endsWith(".error.txt"))
                    .max(Path::compareTo)
                    .filter(p -> !sub.equals("error") || Files.exists(Path.of(p + ".error.txt")))
                    .orElse(null);
              }
            },
            p -> p != null);
  }

  private List<String> ledger(String name) {
    return sql.sql("SELECT outcome FROM integration_file WHERE file_name = ? ORDER BY id")
        .param(name)
        .query(String.class)
        .list();
  }

  private List<JsonNode> lots(String part) {
    List<JsonNode> lots = new ArrayList<>();
    http.getForObject("/api/lots?partNumber=" + part, JsonNode.class).forEach(lots::add);
    return lots;
  }

  private record Plant(String customer, String product, TestEvents events, InboundFilesIT it) {
    String made(String suffix) {
      String serial = product + "-" + suffix;
      it.postStored(
          List.of(
              events.serialized(serial, product, "RUN-" + product),
              events.status(serial, EventPayload.UnitStatus.COMPLETED)));
      return serial;
    }
  }

  private Plant plant() {
    String p = TestServers.unique("FP");
    String customer = "C-" + p;
    var created =
        http.postForEntity(
            "/api/customers",
            Map.of("reference", customer, "name", "Kiwi Pumps " + p),
            JsonNode.class);
    assertThat(created.getStatusCode().is2xxSuccessful()).as("%s", created.getBody()).isTrue();
    return new Plant(customer, "PUMP-" + p, new TestEvents(SITE, p + "-L", "edge-" + p), this);
  }
}
