/**
 * Barcode scanners and verifiers as the station sees them: {@link
 * org.unitrace.line.device.scanner.Scanner} in trigger or continuous mode, and the drivers {@link
 * org.unitrace.line.device.scanner.ScannerDrivers} picks by name. {@code generic} is the protocol
 * documented in {@code docs/devices/scanner-protocol.md}.
 */
package org.unitrace.line.device.scanner;
