package org.unitrace.core.labels;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The template for a label: {@code <folder>/<family>/<kind>.zpl} where the product has a family and
 * the plant wrote one, else {@code <folder>/default/<kind>.zpl}, else the one shipped in the jar
 * ({@code classpath:labels/default/<kind>.zpl}). Every template in the folder is checked at start
 * (a broken one stops the start, naming its file and line); an edited file is read again at its
 * next use, and if it is broken then, that print is refused with the same message.
 */
@Component
class Templates {

  private static final Logger log = LoggerFactory.getLogger(Templates.class);
  private static final String DEFAULT = "default";

  private final Path folder;
  private final Map<String, LabelTemplate> shipped = new ConcurrentHashMap<>();
  private final Map<Path, Loaded> loaded = new ConcurrentHashMap<>();

  private record Loaded(FileTime modified, long size, LabelTemplate template) {}

  Templates(LabelProperties properties) {
    this.folder = properties.templates();
    for (LabelKind kind : LabelKind.values()) {
      shipped.put(kind.fileName(), loadShipped(kind));
    }
    if (folder != null) {
      if (!Files.isDirectory(folder)) {
        throw new IllegalArgumentException(
            "unitrace.labels.templates: '%s' is not a folder".formatted(folder.toAbsolutePath()));
      }
      int n = checkFolder();
      log.info("Label templates: {} from {}, the rest shipped", n, folder.toAbsolutePath());
    }
  }

  /** The template for a label of that kind, for a product of that family (null: none). */
  LabelTemplate find(LabelKind kind, String family) {
    if (folder != null) {
      if (family != null && !family.isBlank()) {
        Path file = folder.resolve(family).resolve(kind.fileName());
        if (Files.isRegularFile(file)) {
          return load(file, kind);
        }
      }
      Path file = folder.resolve(DEFAULT).resolve(kind.fileName());
      if (Files.isRegularFile(file)) {
        return load(file, kind);
      }
    }
    return shipped.get(kind.fileName());
  }

  private int checkFolder() {
    int n = 0;
    try (DirectoryStream<Path> families = Files.newDirectoryStream(folder, Files::isDirectory)) {
      for (Path family : families) {
        for (LabelKind kind : LabelKind.values()) {
          Path file = family.resolve(kind.fileName());
          if (Files.isRegularFile(file)) {
            load(file, kind);
            n++;
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the label templates in " + folder, e);
    }
    return n;
  }

  private LabelTemplate load(Path file, LabelKind kind) {
    try {
      FileTime modified = Files.getLastModifiedTime(file);
      long size = Files.size(file);
      Loaded known = loaded.get(file);
      if (known != null && known.modified().equals(modified) && known.size() == size) {
        return known.template();
      }
      String source = folder.relativize(file).toString();
      LabelTemplate template =
          LabelTemplate.load(source, kind, Files.readString(file, StandardCharsets.UTF_8));
      loaded.put(file, new Loaded(modified, size, template));
      return template;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the label template " + file, e);
    }
  }

  private static LabelTemplate loadShipped(LabelKind kind) {
    String resource = "labels/" + DEFAULT + "/" + kind.fileName();
    try (InputStream in = Templates.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("the jar lacks " + resource);
      }
      return LabelTemplate.load(
          "classpath:" + resource, kind, new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + resource, e);
    }
  }
}
