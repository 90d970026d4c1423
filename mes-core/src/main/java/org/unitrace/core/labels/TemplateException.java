package org.unitrace.core.labels;

/** A label template that cannot be used, naming its file and line. */
class TemplateException extends RuntimeException {

  TemplateException(String source, int line, String message) {
    super("label template %s, line %d: %s".formatted(source, line, message));
  }
}
