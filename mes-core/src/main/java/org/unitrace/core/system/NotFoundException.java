package org.unitrace.core.system;

/** Something asked for by its identifier does not exist; answered 404 naming what and which. */
public class NotFoundException extends RuntimeException {

  public NotFoundException(String what, String id) {
    super("%s '%s' not found".formatted(what, id));
  }
}
