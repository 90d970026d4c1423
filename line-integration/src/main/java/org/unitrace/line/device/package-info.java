/**
 * Device channels: the one way line-integration talks to serial devices (laser markers, scanners,
 * printers), whether wired to a local serial port or to a serial device server on the network.
 *
 * <p>{@link org.unitrace.line.device.DeviceChannel} moves frames and nothing else; {@link
 * org.unitrace.line.device.Framing} says where a frame ends; {@link
 * org.unitrace.line.device.ChannelSettings} is the immutable configuration, parsed from a URI such
 * as {@code serial:/dev/ttyUSB0?baud=9600&framing=crlf} or {@code tcp://10.0.0.5:4001}; {@link
 * org.unitrace.line.device.ReconnectingChannel} survives a device or cable that goes away. Drivers
 * in the sub-packages speak device protocols over a channel and import no jSerialComm type.
 */
package org.unitrace.line.device;
