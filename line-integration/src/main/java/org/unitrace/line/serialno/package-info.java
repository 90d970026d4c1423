/**
 * Serial-number templates: how a plant spells its serials ({@code
 * {site:3}{line:2}{yy}{ddd}{seq:5}{check:mod37-36}}), formatting the next serial at the marking
 * station, reading a serial back into where and when it was made, validating a scanned serial, and
 * the period key under which sequence blocks reset. See {@code docs/serial-numbers.md} for the
 * syntax. Check characters live in their own small classes ({@link
 * org.unitrace.line.serialno.CheckCharacters}) with published test vectors.
 */
package org.unitrace.line.serialno;
