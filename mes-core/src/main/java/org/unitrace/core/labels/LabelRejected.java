package org.unitrace.core.labels;

/** A label that cannot be made from what was asked or what is recorded (422), saying why. */
class LabelRejected extends RuntimeException {

  LabelRejected(String message) {
    super(message);
  }
}
