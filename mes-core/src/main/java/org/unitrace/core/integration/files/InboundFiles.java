package org.unitrace.core.integration.files;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import lombok.RequiredArgsConstructor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.transaction.TransactionException;
import org.springframework.transaction.support.TransactionTemplate;
import org.unitrace.core.audit.AuditLog;
import org.unitrace.core.imports.ImportRejected;
import org.unitrace.core.integration.IntegrationIdentity;
import org.unitrace.core.system.ConflictException;
import org.unitrace.core.system.NotFoundException;

/**
 * Decides what becomes of one finished file of a flow, and does the import: a file whose very copy
 * was decided before goes where that decision said; content imported before is a duplicate;
 * otherwise the claim and the import commit together, or the file is rejected with every problem
 * the API would name. A failure that is not the file's (the database away) propagates: the file
 * stays where it is and is taken again at the next poll.
 */
@RequiredArgsConstructor
class InboundFiles {

  private static final Logger log = LoggerFactory.getLogger(InboundFiles.class);

  private final FileLedger ledger;
  private final TransactionTemplate tx;
  private final AuditLog audit;
  private final ObjectMapper json;
  private final IntegrationIdentity identity;
  private final String instance;

  String instance() {
    return instance;
  }

  /** Imports the file once, through {@code flow}'s import, with the ERP's columns mapped. */
  Outcome take(DroppedFile file, InboundFlow flow) {
    String sha256 = sha256(file.content());
    Optional<FileLedger.Entry> before = ledger.decided(file, sha256);
    if (before.isPresent()) {
      FileLedger.Entry e = before.get();
      log.info(
          "{} file {} from {} was decided before (record {}, {}): moving it to {}",
          file.flow(),
          file.name(),
          file.source(),
          e.id(),
          e.outcome(),
          e.movedTo());
      return new Outcome(Outcome.Kind.decided, e.id(), e.movedTo(), e.report());
    }
    long id = ledger.nextId();
    String target = id + "-" + file.name();
    try {
      Outcome imported =
          identity.run(() -> tx.execute(status -> importOnce(id, file, sha256, flow, target)));
      if (imported != null) {
        return imported;
      }
    } catch (ImportRejected e) {
      List<Problem> problems =
          e.problems().stream().map(p -> Problem.of(p, flow.columns())).toList();
      return reject(id, file, sha256, target, e.conflict() ? "conflict" : "invalid", problems);
    } catch (IllegalArgumentException | NotFoundException | ConflictException e) {
      // what the API answers 400, 404 or 409: the file's content is at fault
      return reject(
          id,
          file,
          sha256,
          target,
          e instanceof ConflictException ? "conflict" : "invalid",
          List.of(Problem.ofFile(e.getMessage())));
    } catch (RuntimeException e) {
      if (passing(e)) {
        throw e; // the database is away or busy: leave the file for the next poll
      }
      log.error(
          "{} file {} from {} could not be imported", file.flow(), file.name(), file.source(), e);
      return reject(
          id,
          file,
          sha256,
          target,
          "failed",
          List.of(
              Problem.ofFile(
                  "mes-core could not import it (%s: %s); nothing was applied. Tell your Unitrace administrator; once fixed, drop the file again."
                      .formatted(e.getClass().getSimpleName(), e.getMessage()))));
    }
    return duplicate(id, file, sha256, target);
  }

  /** The claim and the import in one transaction; null when the content was imported before. */
  private Outcome importOnce(
      long id, DroppedFile file, String sha256, InboundFlow flow, String target) {
    String moveTo = "done/" + target;
    if (!ledger.record(
        id, file, sha256, "imported", moveTo, null, null, identity.name(), instance)) {
      return null;
    }
    Object result = flow.importCsv(file.content(), identity.name());
    Map<String, Object> summary = summary(result);
    ledger.detail(id, toJson(summary));
    audit.record(
        "integration.file.import",
        "integration_file",
        String.valueOf(id),
        null,
        fileFacts(file, sha256, summary),
        null);
    log.info(
        "{} file {} from {} imported (record {}): {}",
        file.flow(),
        file.name(),
        file.source(),
        id,
        summary);
    return new Outcome(Outcome.Kind.imported, id, moveTo, null);
  }

  private Outcome reject(
      long id,
      DroppedFile file,
      String sha256,
      String target,
      String kind,
      List<Problem> problems) {
    String moveTo = "error/" + target;
    String report = ErrorReport.rejected(file, id, identity.name(), problems);
    Map<String, Object> detail = new LinkedHashMap<>();
    detail.put("refused", kind);
    detail.put("problems", problems);
    decide(id, file, sha256, "rejected", moveTo, detail, report, "integration.file.reject");
    log.warn(
        "{} file {} from {} rejected (record {}): {} problem(s), first: {}",
        file.flow(),
        file.name(),
        file.source(),
        id,
        problems.size(),
        problems.isEmpty() ? "" : problems.get(0).describe());
    return new Outcome(Outcome.Kind.rejected, id, moveTo, report);
  }

  private Outcome duplicate(long id, DroppedFile file, String sha256, String target) {
    FileLedger.Entry original =
        ledger
            .imported(file.flow(), sha256)
            .orElseThrow(
                () ->
                    new IllegalStateException("the import claim of " + file.name() + " vanished"));
    if (original.source().equals(file.source())
        && original.fileName().equals(file.name())
        && original.fileSize() == file.size()
        && sameTime(original, file)) {
      // another instance took this very file and imported it: just move it where it said
      return new Outcome(Outcome.Kind.decided, original.id(), original.movedTo(), null);
    }
    String moveTo = "error/" + target;
    String report = ErrorReport.duplicate(file, id, identity.name(), original);
    Map<String, Object> detail = new LinkedHashMap<>();
    detail.put("duplicateOf", original.id());
    detail.put("originalFile", original.fileName());
    detail.put("importedAt", original.at().toString());
    decide(id, file, sha256, "duplicate", moveTo, detail, report, "integration.file.duplicate");
    log.warn(
        "{} file {} from {} is a copy of {} imported at {} (record {}): nothing applied",
        file.flow(),
        file.name(),
        file.source(),
        original.fileName(),
        original.at(),
        original.id());
    return new Outcome(Outcome.Kind.duplicate, id, moveTo, report);
  }

  /** Records a file that was not imported (as {@code status}), with its audit entry, in one go. */
  private void decide(
      long id,
      DroppedFile file,
      String sha256,
      String status,
      String moveTo,
      Map<String, Object> detail,
      String report,
      String auditAction) {
    identity.run(
        () ->
            tx.execute(
                txStatus -> {
                  ledger.record(
                      id,
                      file,
                      sha256,
                      status,
                      moveTo,
                      toJson(detail),
                      report,
                      identity.name(),
                      instance);
                  audit.record(
                      auditAction,
                      "integration_file",
                      String.valueOf(id),
                      null,
                      fileFacts(file, sha256, detail),
                      null);
                  return null;
                }));
  }

  /**
   * A failure of the moment (no connection, a deadlock, a serialization failure), not the file's.
   */
  static boolean passing(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof TransientDataAccessException
          || t instanceof DataAccessResourceFailureException
          || t instanceof RecoverableDataAccessException
          || t instanceof TransactionException
          || t instanceof java.sql.SQLTransientException
          || t instanceof java.sql.SQLRecoverableException
          || t instanceof java.net.ConnectException) {
        return true;
      }
    }
    return false;
  }

  private static boolean sameTime(FileLedger.Entry e, DroppedFile f) {
    return e.fileModified() == null
        ? f.modified() == null
        : f.modified() != null && e.fileModified().toInstant().equals(f.modified());
  }

  private static Map<String, Object> fileFacts(
      DroppedFile f, String sha256, Map<String, Object> more) {
    Map<String, Object> facts = new LinkedHashMap<>();
    facts.put("flow", f.flow());
    facts.put("source", f.source());
    facts.put("file", f.name());
    facts.put("size", f.size());
    facts.put("sha256", sha256);
    facts.putAll(more);
    return facts;
  }

  /**
   * A list (the sales or shipments made) is summed up by its count; a summary record kept whole.
   */
  private Map<String, Object> summary(Object result) {
    Map<String, Object> summary = new LinkedHashMap<>();
    if (result instanceof List<?> list) {
      summary.put("records", list.size());
    } else if (result != null) {
      summary.put("summary", result);
    }
    return summary;
  }

  private String toJson(Object value) {
    try {
      return json.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the file ledger's detail as JSON", e);
    }
  }

  static String sha256(byte[] content) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
