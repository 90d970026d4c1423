/**
 * Laser markers as the marking station sees them: {@link
 * org.unitrace.line.device.marker.LaserMarker}, and the drivers {@link
 * org.unitrace.line.device.marker.MarkerDrivers} picks by name. {@code unitrace-ascii} is the
 * protocol documented in {@code docs/devices/marker-protocol.md}.
 */
package org.unitrace.line.device.marker;
