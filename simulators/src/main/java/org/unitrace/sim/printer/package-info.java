/**
 * A network label printer that takes ZPL over raw TCP (port 9100 on real printers), splits it into
 * labels ({@code ^XA} .. {@code ^XZ}), keeps them in memory and in a folder, and answers the host
 * status query {@code ~HS}; for tests, the demo plant, and trying label templates without a
 * printer.
 */
package org.unitrace.sim.printer;
