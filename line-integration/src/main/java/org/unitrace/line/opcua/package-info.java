/**
 * Secure connections to PLCs over OPC UA. The agent has its own application certificate (made on
 * first start under the PKI directory, or provided as a PKCS#12 keystore), trusts a PLC only when
 * its certificate sits in the PKI's {@code trusted/certs} folder (the layout Milo and UaExpert
 * use), and refuses any other server with a {@link
 * org.unitrace.line.opcua.UntrustedServerException} that says which file to copy where. {@link
 * org.unitrace.line.opcua.OpcUaConnector} is the one place that hands out a Milo client; station
 * adapters sit on top of it.
 */
package org.unitrace.line.opcua;
